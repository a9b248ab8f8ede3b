/*
 * The Edit Run form's behaviour that matters for QC (docs/qc-in-miso.md#run-library-qc-statuses, docs/qc-in-miso.md#reading-misos-run-page): the data review control
 * follows the QC select, and Save sends the whole RunDto with PUT /rest/runs/{id}, then reloads.
 */
(function () {
  'use strict';

  function toBool(value) {
    return value === '' || value === null || value === undefined ? null : value === 'true';
  }

  function setUp(form, saveButton, run, config) {
    var qc = document.getElementById('runForm_qcPassed');
    var review = document.getElementById('runForm_dataReview');
    var reviewLabel = document.getElementById('runForm_dataReviewLabel');
    var errors = document.getElementById('runForm_validation');
    var alias = document.getElementById('runForm_alias');
    var status = document.getElementById('runForm_status');
    var dirty = false;

    function syncReview() {
      var chosen = toBool(qc.value);
      if (chosen !== run.qcPassed) review.value = '';
      if (reviewLabel) reviewLabel.textContent = review.value === '' ? 'Pending' : review.value === 'true' ? 'Pass' : 'Fail';
      if (config.isRunReviewer) review.disabled = chosen === null || chosen !== run.qcPassed;
    }

    form.addEventListener('change', function () {
      dirty = true;
    });
    qc.addEventListener('change', syncReview);
    window.onbeforeunload = function (event) {
      if (!dirty) return undefined;
      event.preventDefault();
      event.returnValue = 'You have unsaved changes';
      return event.returnValue;
    };

    saveButton.addEventListener('click', function () {
      var body = Object.assign({}, run, {
        alias: alias.value,
        status: status.value,
        qcPassed: toBool(qc.value),
        dataReview: toBool(review.value),
      });
      errors.hidden = true;
      window.Utils.ajax('PUT', window.Urls.rest.runs.update(run.id), body).then(
        function () {
          dirty = false;
          window.location.reload();
        },
        function (error) {
          errors.textContent = error.message;
          errors.hidden = false;
        },
      );
    });
  }

  window.FormTarget = window.FormTarget || {};
  window.FormTarget.run = { setUp: setUp };
})();
