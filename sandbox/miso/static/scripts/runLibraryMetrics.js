/*
 * The Run-Library Metrics page's behaviour (docs/qc-in-miso.md#run-library-metrics-page, docs/qc-in-miso.md#run-library-qc-statuses, docs/qc-in-miso.md#qc-status-writes), written for the sandbox. The server
 * renders the table; buildTable() attaches to it: the Item dropdown, per-type Status / Note / Data
 * Review controls, Apply (PUT /rest/qcstatuses), QC All, Review All and Save All
 * (PUT /rest/qcstatuses/bulk). Text goes in with textContent only.
 */
var RunLibraryMetrics = (function () {
  'use strict';

  var THRESHOLD_TYPES = ['gt', 'ge', 'lt', 'le', 'between'];
  var QC_PASSED = [
    { label: 'Not Ready', value: null },
    { label: 'Ready', value: true },
    { label: 'Failed', value: false },
  ];
  var DATA_REVIEW = [
    { label: 'Pending', value: '' },
    { label: 'Pass', value: 'true' },
    { label: 'Fail', value: 'false' },
  ];
  var RESET_WARNING = 'Changing QC status will reset the data review. Do you wish to proceed?';
  var NODE_URLS = { Sample: '/sample/', Library: '/library/', 'Library Aliquot': '/libraryaliquot/', Pool: '/pool/', Run: '/run/' };

  var rows = [];
  var runReviewer = false;

  function constants(key) {
    return (window.Constants && window.Constants[key]) || [];
  }
  function find(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }
  function nullable(value) {
    return value === undefined ? null : value;
  }
  function toBool(value) {
    return value === '' || value === null || value === undefined ? null : value === 'true';
  }
  function idOrNull(value) {
    return Number.parseInt(value, 10) || null;
  }
  function option(value, label, selected) {
    var element = document.createElement('option');
    element.value = String(value);
    element.textContent = label;
    element.selected = !!selected;
    return element;
  }
  function fire(element) {
    element.dispatchEvent(new Event('change', { bubbles: true }));
  }
  function nodeKey(node) {
    return node.entityType + ':' + (node.id !== null && node.id !== undefined ? node.id : (node.ids || []).join(','));
  }

  function message(text, isError) {
    var box = document.getElementById('metricsMessage');
    box.textContent = text;
    box.classList.toggle('error', !!isError);
  }

  function renderEffective(row) {
    var nodes = row.data.qcNodes;
    var text = 'Pending';
    var failed = false;
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].qcPassed === false) {
        text = 'Failed (' + nodes[i].typeLabel + ')';
        failed = true;
        break;
      }
      if (i === nodes.length - 1 && nodes[i].qcPassed === true) text = 'Passed (' + nodes[i].typeLabel + ')';
    }
    row.controls.effective.textContent = text;
    row.controls.effective.classList.toggle('failed', failed);
  }

  /** Detailed QC statuses and partition QC types: the note is enabled only when required. */
  function noteFollowsStatus(controls, node, list) {
    var selectedId = idOrNull(controls.status.value);
    var selected = selectedId === null ? null : find(list, selectedId);
    controls.note.disabled = !(selected && selected.noteRequired);
    if (!selected || !selected.noteRequired || selectedId !== nullable(node.qcStatusId)) controls.note.value = '';
  }

  function reviewOptions(controls, node) {
    controls.dataReview.replaceChildren.apply(
      controls.dataReview,
      DATA_REVIEW.map(function (o) {
        return option(o.value, o.label, toBool(o.value) === nullable(node.dataReview));
      }),
    );
  }

  /** Redraws the row's Status / Note / Data Review controls for its selected node. */
  function updateQcCell(row) {
    var node = row.selectedNode;
    var c = row.controls;
    c.name.replaceChildren();
    if (node.name && NODE_URLS[node.entityType]) {
      var link = document.createElement('a');
      link.href = NODE_URLS[node.entityType] + node.id;
      link.textContent = node.name;
      c.name.appendChild(link);
    } else {
      c.name.textContent = 'n/a';
    }
    c.dataReview.replaceChildren();
    c.dataReview.disabled = true;
    c.note.disabled = true;
    c.status.onchange = null;

    switch (node.entityType) {
      case 'Sample':
      case 'Library':
      case 'Library Aliquot': {
        var detailed = constants('detailedQcStatuses');
        c.status.replaceChildren.apply(
          c.status,
          [option(0, 'Not Ready', !node.qcStatusId)].concat(
            detailed.map(function (s) {
              return option(s.id, s.description, node.qcStatusId === s.id);
            }),
          ),
        );
        c.status.onchange = function () {
          noteFollowsStatus(c, node, detailed);
        };
        noteFollowsStatus(c, node, detailed);
        row.getUpdate = function () {
          var id = idOrNull(c.status.value);
          var status = id === null ? null : find(detailed, id);
          return { qcStatusId: id, qcNote: c.note.value || null, qcPassed: status ? nullable(status.status) : null };
        };
        break;
      }
      case 'Pool':
      case 'Run': {
        var saved = nullable(node.qcPassed);
        c.status.replaceChildren.apply(
          c.status,
          QC_PASSED.map(function (o, i) {
            return option(i, o.label, o.value === saved);
          }),
        );
        if (node.entityType === 'Run') {
          reviewOptions(c, node);
          c.status.onchange = function () {
            var chosen = QC_PASSED[c.status.value].value;
            if (chosen !== saved) c.dataReview.value = '';
            c.dataReview.disabled = !runReviewer || chosen === null || chosen !== saved;
          };
          c.status.onchange();
        }
        row.getUpdate = function () {
          var update = { qcPassed: QC_PASSED[c.status.value].value };
          if (node.entityType === 'Run') update.dataReview = toBool(c.dataReview.value);
          return update;
        };
        break;
      }
      case 'Run-Partition': {
        var types = constants('partitionQcTypes');
        c.status.replaceChildren.apply(
          c.status,
          [option(0, 'Not Set', !node.qcStatusId)].concat(
            types.map(function (t) {
              return option(t.id, t.description, node.qcStatusId === t.id);
            }),
          ),
        );
        c.status.onchange = function () {
          noteFollowsStatus(c, node, types);
        };
        noteFollowsStatus(c, node, types);
        row.getUpdate = function () {
          return { qcStatusId: idOrNull(c.status.value), qcNote: c.note.value || null };
        };
        break;
      }
      case 'Run-Library': {
        var statuses = constants('runLibraryQcStatuses');
        c.status.replaceChildren.apply(
          c.status,
          [option(0, 'Pending', !node.qcStatusId)].concat(
            statuses.map(function (s) {
              return option(s.id, s.description, node.qcStatusId === s.id);
            }),
          ),
        );
        c.note.disabled = false;
        reviewOptions(c, node);
        c.status.onchange = function () {
          var chosen = idOrNull(c.status.value);
          if (chosen !== nullable(node.qcStatusId)) c.dataReview.value = '';
          c.dataReview.disabled = !runReviewer || chosen === null || chosen !== nullable(node.qcStatusId);
        };
        c.status.onchange();
        row.getUpdate = function () {
          var id = idOrNull(c.status.value);
          var status = id === null ? null : find(statuses, id);
          return {
            qcStatusId: id,
            qcPassed: status ? nullable(status.qcPassed) : null,
            qcNote: c.note.value || null,
            dataReview: toBool(c.dataReview.value),
          };
        };
        break;
      }
      default:
        throw new Error('Unknown entity type: ' + node.entityType);
    }
    // The saved note shows even where the control is disabled, as in MISO.
    c.note.value = node.qcNote || '';
  }

  function qcChanged(before, update) {
    return (
      ('qcPassed' in update && nullable(update.qcPassed) !== nullable(before.qcPassed)) ||
      ('qcStatusId' in update && nullable(update.qcStatusId) !== nullable(before.qcStatusId))
    );
  }

  function changeOf(row) {
    var update = row.getUpdate();
    var changed = Object.keys(update).some(function (key) {
      return nullable(row.selectedNode[key]) !== nullable(update[key]);
    });
    return changed ? { row: row, update: update, node: Object.assign({}, row.selectedNode, update) } : null;
  }

  function allChanges() {
    return rows.map(changeOf).filter(Boolean);
  }

  /** Saved values go into every row's copy of that node; clean rows showing it are redrawn. */
  function merge(saved) {
    var key = nodeKey(saved);
    rows.forEach(function (row) {
      var wasDirty = changeOf(row) !== null;
      row.data.qcNodes.forEach(function (node) {
        if (nodeKey(node) !== key) return;
        var reset = qcChanged(node, saved);
        node.qcPassed = nullable(saved.qcPassed);
        node.qcStatusId = nullable(saved.qcStatusId);
        node.qcNote = nullable(saved.qcNote);
        node.dataReview = reset ? null : nullable(saved.dataReview);
      });
      if (nodeKey(row.selectedNode) === key && !wasDirty) updateQcCell(row);
      renderEffective(row);
    });
  }

  function confirmReset(needed) {
    return !needed || window.confirm(RESET_WARNING);
  }

  function apply(row) {
    var update = row.getUpdate();
    var node = Object.assign({}, row.selectedNode, update);
    if (!confirmReset(qcChanged(row.selectedNode, update) && nullable(row.selectedNode.dataReview) !== null)) return;
    message('Saving…');
    window.Utils.ajax('PUT', window.Urls.rest.qcStatuses.update, node).then(
      function () {
        merge(node);
        updateQcCell(row);
        message('Saved ' + row.selectedNode.typeLabel + ' ' + row.selectedNode.label + '.');
      },
      function (error) {
        message(error.message, true);
      },
    );
  }

  function saveAll() {
    var changes = allChanges();
    if (changes.length === 0) return message('No changes to save', true);
    var anyQc = changes.some(function (c) {
      return qcChanged(c.row.selectedNode, c.update);
    });
    if (!confirmReset(anyQc)) return;
    message('Saving…');
    var nodes = changes.map(function (c) {
      return c.node;
    });
    window.Utils.ajax('PUT', window.Urls.rest.qcStatuses.bulkUpdate, nodes).then(
      function () {
        nodes.forEach(merge);
        changes.forEach(function (c) {
          updateQcCell(c.row);
        });
        message('Saved ' + changes.length + (changes.length === 1 ? ' change.' : ' changes.'));
      },
      function (error) {
        message(error.message, true);
      },
    );
  }

  function selectRunLibrary(row) {
    row.controls.node.value = String(row.data.qcNodes.length - 1);
    fire(row.controls.node);
  }

  function dialog(id, show) {
    var element = document.getElementById(id);
    if (element) element.hidden = !show;
  }

  function wireDialogs() {
    var on = function (id, handler) {
      var element = document.getElementById(id);
      if (element) element.addEventListener('click', handler);
    };
    on('qcAllApply', function () {
      var statusId = document.getElementById('qcAllStatus').value;
      var note = document.getElementById('qcAllNote').value;
      rows.forEach(function (row) {
        selectRunLibrary(row);
        row.controls.status.value = statusId;
        fire(row.controls.status);
        row.controls.note.value = note;
      });
      dialog('qcAllDialog', false);
    });
    on('qcAllCancel', function () {
      dialog('qcAllDialog', false);
    });
    on('reviewAllApply', function () {
      var value = document.getElementById('reviewAllDataReview').value;
      rows.forEach(function (row) {
        selectRunLibrary(row);
        row.controls.dataReview.value = value;
      });
      dialog('reviewAllDialog', false);
    });
    on('reviewAllCancel', function () {
      dialog('reviewAllDialog', false);
    });
  }

  function attach(data, tr) {
    var q = function (selector) {
      return tr.querySelector(selector);
    };
    var row = {
      data: data,
      controls: {
        effective: q('td.effectiveQc'),
        node: q('select.nodeSelect'),
        name: q('.nodeName'),
        status: q('select.statusSelect'),
        note: q('input.noteInput'),
        dataReview: q('select.dataReviewSelect'),
        apply: q('button.applyButton'),
      },
      selectedNode: data.qcNodes[data.qcNodes.length - 1],
      getUpdate: function () {
        return {};
      },
    };
    row.controls.node.addEventListener('change', function () {
      row.selectedNode = data.qcNodes[Number.parseInt(row.controls.node.value, 10)];
      updateQcCell(row);
    });
    row.controls.apply.addEventListener('click', function () {
      apply(row);
    });
    updateQcCell(row);
    renderEffective(row);
    return row;
  }

  return {
    buildTable: function (data, isRunReviewer) {
      runReviewer = !!isRunReviewer;
      data.forEach(function (row) {
        row.metrics.forEach(function (metric) {
          if (THRESHOLD_TYPES.indexOf(metric.thresholdType) < 0) throw new Error('Unknown thresholdType: ' + metric.thresholdType);
          if (metric.value === null || metric.value === undefined) throw new Error('No value for ' + metric.title);
        });
      });
      var trs = document.querySelectorAll('#metricsTable > tbody > tr');
      rows = data.map(function (rowData, i) {
        return attach(rowData, trs[i]);
      });
      wireDialogs();
      window.onbeforeunload = function (event) {
        if (allChanges().length === 0) return undefined;
        event.preventDefault();
        event.returnValue = 'You have unsaved changes';
        return event.returnValue;
      };
    },
    showQcAllDialog: function () {
      dialog('qcAllDialog', true);
    },
    showReviewAllDialog: function () {
      dialog('reviewAllDialog', true);
    },
    saveAll: saveAll,
    hasUnsavedChanges: function () {
      return allChanges().length > 0;
    },
  };
})();
