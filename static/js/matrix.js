// The skills matrix for editors: a click on a level opens the level dialog for that cell, filled
// with the cell's level and pointing at its history; without JavaScript the link opens the history.
"use strict";
(() => {
  const matrix = document.getElementById("matrix");
  const dialog = document.getElementById("level-dialog");
  if (!matrix || !dialog) return;
  const form = document.getElementById("level-form");
  matrix.addEventListener("click", (event) => {
    const link = event.target.closest("tbody a.level");
    if (!link) return;
    event.preventDefault();
    const cell = link.parentElement;
    const row = cell.parentElement;
    const column = document.querySelectorAll("#matrix thead th")[cell.cellIndex];
    form.action = link.getAttribute("href");
    form.elements.level.value = link.dataset.level;
    document.getElementById("level-dialog-title").textContent =
      row.querySelector("th.engineer a").textContent + " · " + column.title;
    document.getElementById("level-history").href = link.getAttribute("href");
    dialog.showModal();
    form.elements.level.focus();
  });
  dialog.querySelector("button[value=cancel]").addEventListener("click", () => dialog.close());
})();
