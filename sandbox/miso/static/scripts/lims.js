/*
 * Sandbox stand-ins for MISO's page globals (docs/qc-in-miso.md#reading-misos-run-page): the inline scripts of the real pages
 * call FormUtils, ListUtils and friends, so they exist here as small, harmless versions. Nothing in
 * them renders; the sandbox renders its pages on the server.
 */
(function () {
  'use strict';

  window.Urls = {
    rest: {
      qcStatuses: { update: '/rest/qcstatuses', bulkUpdate: '/rest/qcstatuses/bulk' },
      runs: {
        update: function (id) {
          return '/rest/runs/' + id;
        },
      },
    },
    ui: {
      runs: {
        edit: function (id) {
          return '/run/' + id;
        },
      },
    },
  };

  /** Same-origin JSON request as MISO's Utils.ajaxWithDialog sends it; resolves with the parsed body or null. */
  function ajax(method, url, data) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json; charset=utf8', Accept: 'application/json' },
      body: data === undefined ? undefined : JSON.stringify(data),
    }).then(function (response) {
      var type = response.headers.get('content-type') || '';
      if (response.redirected || type.indexOf('text/html') === 0) {
        throw new Error('Your MISO session has expired. Log in again and retry.');
      }
      if (response.status === 204) return null;
      return response.text().then(function (text) {
        var body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch (e) {
          body = null;
        }
        if (!response.ok) {
          var detail = body && (body.detail || body.message);
          if (body && body.data) {
            var messages = Object.keys(body.data).map(function (k) {
              return body.data[k];
            });
            if (messages.length) detail = messages.join('; ');
          }
          throw new Error(detail || 'Request failed with HTTP ' + response.status);
        }
        return body;
      });
    });
  }

  window.Utils = {
    ajax: ajax,
    ui: {
      setDisabled: function (element, disabled) {
        element.disabled = !!disabled;
      },
    },
  };

  window.ListState = {};
  window.ListTarget = {
    container: { name: 'Containers' },
    partition: { name: 'Partitions' },
    runaliquot: { name: 'Run-Libraries' },
    experiment: { name: 'Experiments' },
  };
  window.ListUtils = {
    createStaticTable: function (elementId, target, config, data) {
      window.ListState[elementId] = { selected: [], data: data, lastId: data.length, element: document.getElementById(elementId) };
    },
  };

  window.FormTarget = window.FormTarget || {};
  window.FormUtils = {
    createForm: function (formId, saveId, object, targetName, config) {
      var target = window.FormTarget[targetName];
      if (target && target.setUp) target.setUp(document.getElementById(formId), document.getElementById(saveId), object, config);
    },
  };
})();
