// The new training plan form: "From level" shows the trainee's current level on the chosen process,
// read from the levels map (a JSON <script> named by data-levels) and the level names (data-names).
"use strict";
(() => {
  const output = document.getElementById("from-level");
  if (!output) return;
  const levels = JSON.parse(document.getElementById(output.dataset.levels).textContent);
  const names = JSON.parse(output.dataset.names);
  const trainee = document.getElementById("trainee_id");
  const process = document.getElementById("process_id");
  const update = () => {
    if (!trainee.value || !process.value) { output.textContent = "—"; return; }
    output.textContent = names[levels[`${trainee.value}-${process.value}`] || 0];
  };
  trainee.addEventListener("change", update);
  process.addEventListener("change", update);
  update();
})();
