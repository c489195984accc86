// The brand page's behaviour: check as you type, colour feedback, uploads, preview, save,
// build and download. Every request carries the session token in X-Studio-Token.
"use strict";

const token = document.querySelector('meta[name="studio-token"]').content;
const form = document.getElementById("brand");
const timers = {};

function later(name, delay, action) {
  clearTimeout(timers[name]);
  timers[name] = setTimeout(action, delay);
}

function send(url, body) {
  return fetch(url, { method: "POST", body, headers: { "X-Studio-Token": token } });
}

async function answer(response) {
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) return response.json();
  return { refused: [await response.text()] };
}

function say(box, lines, level) {
  for (const line of lines) {
    const p = document.createElement("p");
    p.className = level;
    p.textContent = line;
    box.append(p);
  }
}

function messagesFor(field) {
  const holder = field && form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  return holder ? holder.querySelector(".messages") : document.getElementById("general");
}

function showFindings(findings) {
  form.querySelectorAll(".messages").forEach((box) => box.replaceChildren());
  for (const finding of findings) {
    const label = finding.level === "error" ? "Problem: " : "Note: ";
    say(findingBox(finding.field), [label + finding.message], finding.level);
  }
}

// A colour's contrast problems are already shown in plain words above its messages; the
// check's own wording (the same as build_pdfs.py check prints) stays one click away.
function findingBox(field) {
  const box = messagesFor(field);
  if (!field || !field.startsWith("colours.")) return box;
  let details = box.querySelector("details");
  if (!details) {
    details = document.createElement("details");
    details.className = "as-check";
    const summary = document.createElement("summary");
    summary.textContent = "How the check command reports this";
    details.append(summary);
    box.append(details);
  }
  return details;
}

function showContrast(contrast) {
  for (const box of form.querySelectorAll("[data-contrast]")) {
    const name = box.dataset.contrast;
    box.replaceChildren();
    const found = contrast[name];
    if (!found) continue;
    for (const pair of found.pairs) {
      const verdict = pair.passes ? "easy to read" : `too pale, needs at least ${pair.minimum}:1`;
      say(box, [`${pair.where}: contrast ${pair.ratio}:1, ${verdict}`], pair.passes ? "pass" : "fail");
    }
    if (found.suggestion) {
      const offer = document.createElement("p");
      offer.className = "suggestion";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = found.suggestion;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = `Use ${found.suggestion} instead`;
      button.addEventListener("click", () => setColour(`colours.${name}`, found.suggestion));
      offer.append(swatch, `The nearest colour of the same hue that is easy to read: ${found.suggestion} `, button);
      box.append(offer);
    }
  }
}

function setColour(name, value) {
  form.elements[name].value = value;
  form.querySelector(`[data-picker="${CSS.escape(name)}"]`).value = value.toLowerCase();
  changed();
}

async function check() {
  const response = await send("/check", new FormData(form));
  const result = await answer(response);
  if (result.refused) return say(document.getElementById("general"), result.refused, "error");
  showFindings(result.findings);
  showContrast(result.contrast);
}

const WAITING = "The preview will show your changes once the problems marked on the left are fixed.";
let previewing = 0;
async function preview() {
  const status = document.getElementById("preview-status");
  status.textContent = "Updating the preview…";
  const asked = ++previewing;
  for (const picture of ["tip-sheet", "card-back"]) {
    const response = await send(`/preview/${picture}`, new FormData(form));
    if (response.status === 204 || asked !== previewing) return;
    if (!response.ok) {
      const result = await answer(response);
      status.textContent = result.not_drawn
        ? WAITING
        : "The preview cannot be drawn: " + (result.refused || []).join(" ");
      return;
    }
    const image = document.getElementById(`preview-${picture}`);
    const old = image.src;
    image.src = URL.createObjectURL(await response.blob());
    image.dataset.version = String(Number(image.dataset.version) + 1);
    if (old.startsWith("blob:")) URL.revokeObjectURL(old);
  }
  if (asked === previewing) status.textContent = "The preview shows your latest changes.";
}

function changed() {
  later("check", 250, check);
  later("preview", 600, preview);
}

async function upload(input) {
  const field = input.dataset.target;
  const box = messagesFor(field);
  const body = new FormData();
  body.append("file", input.files[0]);
  box.replaceChildren();
  const result = await answer(await send(`/upload/${input.dataset.upload}`, body));
  input.value = "";
  if (result.refused) return say(box, result.refused.map((m) => "Problem: " + m), "error");
  for (const finding of result.findings) {
    say(box, [(finding.level === "error" ? "Problem: " : "Note: ") + finding.message], finding.level);
  }
  if (result.file) {
    form.elements[field].value = result.file;
    form.querySelector(`[data-current="${CSS.escape(field)}"]`).textContent = "Now: " + result.file;
    changed();
  }
}

async function save() {
  const box = document.getElementById("save-result");
  box.replaceChildren();
  const result = await answer(await send("/save", new FormData(form)));
  if (result.refused) return say(box, result.refused, "error");
  showFindings(result.findings);
  if (result.saved) {
    say(box, [`Saved: ${result.saved}. You can build it now.`], "pass");
    form.dataset.brand = result.brand;
  } else {
    say(box, ["Not saved yet: fix the problems marked above first."], "error");
  }
}

async function build() {
  const status = document.getElementById("build-status");
  const body = new FormData();
  form.querySelectorAll('input[name="languages"]:checked').forEach((box) => body.append("languages", box.value));
  const result = await answer(await send("/build", body));
  if (result.refused) { status.textContent = result.refused.join(" "); return; }
  document.getElementById("build-progress").hidden = false;
  document.getElementById("downloads").replaceChildren();
  status.textContent = "Building…";
  poll();
}

async function poll() {
  const response = await fetch("/build/status", { headers: { "X-Studio-Token": token } });
  const run = await response.json();
  const bar = document.getElementById("build-progress");
  const status = document.getElementById("build-status");
  bar.max = run.total || 1;
  bar.value = run.done;
  if (!run.finished) {
    status.textContent = run.total ? `Building… ${run.done} of ${run.total} documents` : "Building…";
    setTimeout(poll, 700);
    return;
  }
  if (run.problems.length) {
    status.textContent = "The build stopped:";
    say(document.getElementById("downloads"), run.problems, "error");
    return;
  }
  status.textContent = `Done: ${run.total} documents built.`;
  showDownloads(run);
}

function showDownloads(run) {
  const list = document.getElementById("downloads");
  const names = { digital: "for screens and e-mail", print: "for the printer", both: "both" };
  for (const lang of run.languages) {
    const line = document.createElement("p");
    line.append(`Download (${lang}): `);
    for (const [edition, label] of Object.entries(names)) {
      const link = document.createElement("a");
      const query = new URLSearchParams({ brand: run.brand, edition, lang, token });
      link.href = `/download?${query}`;
      link.textContent = label;
      link.className = `download download-${edition}`;
      line.append(link, " ");
    }
    list.append(line);
  }
  const gallery = document.createElement("a");
  gallery.href = "/gallery/index.html";
  gallery.target = "_blank";
  gallery.textContent = "Open the gallery of everything built";
  list.append(gallery);
}

async function recipients(input) {
  const box = document.getElementById("recipients-result");
  box.replaceChildren();
  const body = new FormData();
  body.append("file", input.files[0]);
  const result = await answer(await send("/recipients", body));
  input.value = "";
  if (result.refused) return say(box, result.refused, "error");
  say(box, result.problems, "error");
  say(box, result.notes, "warning");
  if (!result.rows.length) return;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const title of ["Line", "School", "Folder", "Contact", "E-mail", "Language"]) {
    const th = document.createElement("th");
    th.textContent = title;
    head.append(th);
  }
  const rows = table.createTBody();
  for (const row of result.rows) {
    const tr = rows.insertRow();
    for (const key of ["line", "name", "slug", "contact", "email", "language"]) {
      tr.insertCell().textContent = row[key];
    }
  }
  say(box, [`${result.rows.length} schools, ready for personalize or mail.`], "pass");
  box.append(table);
  document.getElementById("dry-run-step").hidden = false;
}

async function dryRun() {
  const status = document.getElementById("dry-run-status");
  const result = await answer(await send("/recipients/dry-run", new FormData()));
  if (result.refused) { status.textContent = result.refused.join(" "); return; }
  status.textContent = "Making the copies…";
  pollDryRun();
}

async function pollDryRun() {
  const response = await fetch("/recipients/dry-run/status", { headers: { "X-Studio-Token": token } });
  const run = await response.json();
  const status = document.getElementById("dry-run-status");
  if (!run.finished) { setTimeout(pollDryRun, 1000); return; }
  if (run.problems.length) {
    status.replaceChildren();
    say(status, run.problems, "error");
    return;
  }
  status.textContent = `Done: ${run.drafts} draft e-mails, nothing sent. `;
  const link = document.createElement("a");
  link.href = `/recipients/dry-run.zip?${new URLSearchParams({ token })}`;
  link.textContent = "Download the copies and drafts";
  link.className = "download-dry-run";
  status.append(link);
}

form.addEventListener("input", (event) => {
  const picker = event.target.dataset.picker;
  if (picker) form.elements[picker].value = event.target.value.toUpperCase();
  const name = event.target.name;
  if (name && name.startsWith("colours.") && /^#[0-9a-fA-F]{6}$/.test(event.target.value)) {
    form.querySelector(`[data-picker="${CSS.escape(name)}"]`).value = event.target.value.toLowerCase();
  }
  if (event.target.type !== "file") changed();
});
form.addEventListener("change", (event) => {
  if (event.target.dataset.upload) upload(event.target);
  else if (event.target.id === "recipients") recipients(event.target);
  else changed();
});
document.getElementById("save").addEventListener("click", save);
document.getElementById("build").addEventListener("click", build);
document.getElementById("dry-run").addEventListener("click", dryRun);
check();
preview();
