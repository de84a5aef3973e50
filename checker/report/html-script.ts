/** The report's only script: the "changed only" / "all variables" switch of the state table. */
export const reportScript = String.raw`
document.querySelectorAll('input[name="table-mode"]').forEach(function (input) {
  input.addEventListener('change', function () {
    document.getElementById('state-table').className = input.value;
  });
});
`;
