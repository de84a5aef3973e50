/**
 * The report's only script: the state table's switches ("changed only" / "all
 * variables", "all columns", folded runs). Each one flips a class, so nothing is
 * re-rendered.
 */
export const reportScript = String.raw`
var table = document.getElementById('state-table');
function flip(name, on) { if (table) table.classList.toggle(name, on); }
document.querySelectorAll('input[name="table-mode"]').forEach(function (input) {
  input.addEventListener('change', function () { flip('changed-only', input.value === 'changed-only'); });
});
var quiet = document.getElementById('show-quiet');
if (quiet) quiet.addEventListener('change', function () { flip('quiet-hidden', !quiet.checked); });
var unfoldAll = document.getElementById('unfold-all');
if (unfoldAll) unfoldAll.addEventListener('change', function () { flip('folds-closed', !unfoldAll.checked); });
document.querySelectorAll('button.unfold').forEach(function (button) {
  button.addEventListener('click', function () {
    var rows = document.querySelectorAll('#state-table tr[data-fold="' + button.getAttribute('data-fold') + '"]');
    var open = !rows[0].classList.contains('open');
    rows.forEach(function (row) { row.classList.toggle('open', open); });
    button.textContent = (open ? '\u25be' : '\u25b8') + button.textContent.slice(1);
  });
});
`;
