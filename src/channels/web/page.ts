import { webTexts } from '../../core/texts.js';

/**
 * The web chat page: one self-contained HTML document (no external CDN, no build step), large
 * readable text, high contrast, big buttons for choices, a live region so screen readers announce
 * answers, and plain ES5 + fetch so it runs on old, cheap phones. Text is inserted as text nodes
 * (never innerHTML); links in answers become clickable.
 *
 * Layout: header, the conversation (the only part that scrolls) and the input bar are stacked in a
 * column as tall as the screen, so the input bar never covers the newest message or its buttons.
 */

/** Longest message the page sends (longer text is refused with a notice, never cut). */
export const WEB_MAX_TEXT = 1000;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const T = webTexts;

export const webChatPage = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content">
<title>${esc(T.title)}</title>
<style>
  * { box-sizing: border-box; }
  html { font-size: 20px; height: 100%; }
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5;
         color: #111; background: #f4f4f0; display: flex; flex-direction: column; height: 100vh; height: 100dvh; overflow: hidden; }
  header { flex: none; background: #0b4f8a; color: #fff; padding: 0.4rem 0.8rem; }
  header h1 { font-size: 1.05rem; margin: 0; }
  header p { margin: 0.1rem 0 0; font-size: 0.8rem; }
  main { flex: 1 1 auto; min-height: 0; overflow-y: auto; -webkit-overflow-scrolling: touch; width: 100%; }
  #log { list-style: none; margin: 0 auto; padding: 0.8rem; max-width: 46rem; }
  .msg { margin: 0 0 0.8rem; padding: 0.7rem 0.9rem; border-radius: 0.6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  .bot { background: #fff; border: 2px solid #d0d7de; margin-right: 1.5rem; }
  .me { background: #0b4f8a; color: #fff; margin-left: 1.5rem; }
  .notice { background: #fff4ce; border: 2px solid #b58100; color: #3d2c00; }
  .choices { display: flex; flex-direction: column; gap: 0.5rem; margin-top: 0.7rem; }
  button { font: inherit; min-height: 3rem; padding: 0.5rem 0.9rem; border-radius: 0.5rem; cursor: pointer; }
  .choices button { text-align: left; background: #e8f1fb; color: #0b3d6b; border: 2px solid #0b4f8a; }
  .choices button:disabled { opacity: 0.55; cursor: default; }
  a { color: #0b4f8a; }
  .me a { color: #fff; }
  .sr { position: absolute; left: -9999px; }
  button:focus-visible, input:focus-visible { outline: 4px solid #f0b400; outline-offset: 2px; }
  form { flex: none; background: #f4f4f0; border-top: 2px solid #d0d7de; padding: 0.4rem 0.6rem 0.5rem; }
  .row { display: flex; gap: 0.5rem; max-width: 46rem; margin: 0 auto; }
  label.hint { display: block; max-width: 46rem; margin: 0 auto 0.2rem; font-size: 0.8rem; }
  #text { flex: 1; font: inherit; min-height: 3rem; padding: 0.4rem 0.7rem; border: 2px solid #555; border-radius: 0.5rem; min-width: 0; }
  #text[aria-invalid="true"] { border-color: #b00020; }
  #send { background: #0b4f8a; color: #fff; border: 2px solid #0b4f8a; font-weight: bold; }
  #status { max-width: 46rem; margin: 0.2rem auto 0; font-size: 0.85rem; color: #444; }
  #status:empty { display: none; }
  #status.warn { color: #b00020; font-weight: bold; }
</style>
</head>
<body>
<header>
  <h1>${esc(T.title)}</h1>
  <p>${esc(T.subtitle)}</p>
</header>
<main id="scroller">
  <ol id="log" role="log" aria-live="polite" aria-label="${esc(T.logLabel)}"></ol>
</main>
<form id="form" autocomplete="off" novalidate>
  <label class="hint" for="text">${esc(T.inputLabel)}</label>
  <div class="row">
    <input id="text" name="text" type="text" enterkeyhint="send" placeholder="${esc(T.placeholder)}">
    <button id="send" type="submit">${esc(T.send)}</button>
  </div>
  <label class="hint" for="photo">📷 Kiểm tra mã QR: chọn ảnh chụp mã QR</label>
  <input id="photo" name="photo" type="file" accept="image/jpeg,image/png">
  <p id="status" aria-live="polite"></p>
</form>
<noscript><p>${esc(T.noScript)}</p></noscript>
<script>
(function () {
  var T = ${scriptJson(T)};
  var MAX = ${WEB_MAX_TEXT};
  var log = document.getElementById('log');
  var scroller = document.getElementById('scroller');
  var form = document.getElementById('form');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var statusLine = document.getElementById('status');
  var KEY = 'bdhvs-web-session';
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  var session = null;
  var seq = 0;
  var busy = false;

  function appendText(el, text) {
    // A link ends before trailing punctuation: "(xem https://a.vn/b)." links https://a.vn/b.
    var parts = String(text).split(/(https?:\\/\\/[^\\s<>"”»]*[^\\s<>"”».,;:!?)\\]])/);
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      if (i % 2 === 1) {
        var a = document.createElement('a');
        a.href = parts[i];
        a.textContent = parts[i];
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        el.appendChild(a);
      } else {
        el.appendChild(document.createTextNode(parts[i]));
      }
    }
  }

  function addMessage(who, text, choices) {
    var li = document.createElement('li');
    li.className = 'msg ' + who;
    var label = document.createElement('span');
    label.className = 'sr';
    label.textContent = who === 'me' ? T.me : T.bot;
    li.appendChild(label);
    appendText(li, text);
    if (choices && choices.length) {
      var box = document.createElement('div');
      box.className = 'choices';
      for (var i = 0; i < choices.length; i++) box.appendChild(choiceButton(choices[i], box));
      li.appendChild(box);
    }
    log.appendChild(li);
    return li;
  }

  /**
   * Shows what was just added, ending right above the input bar when the newest message (with its
   * buttons) fits on the screen; a newest message taller than the screen (a lesson page) is shown
   * from its start, and the person reads down to its buttons.
   */
  function reveal(first) {
    var newest = log.lastChild;
    if (!first || !newest) return;
    var room = scroller.clientHeight;
    var bottom = scroller.scrollHeight - room;
    if (newest.offsetHeight + 16 <= room) scroller.scrollTop = Math.max(bottom, 0);
    else scroller.scrollTop = newest.offsetTop - 8;
  }

  function setButtons(box, enabled) {
    if (!box) return;
    var buttons = box.getElementsByTagName('button');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = !enabled;
  }

  function choiceButton(choice, box) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = choice.label;
    b.onclick = function () {
      if (busy) return;
      setButtons(box, false);
      send({ action: choice.action }, choice.label, box);
    };
    return b;
  }

  function showReplies(replies, mine) {
    var first = mine || null;
    for (var i = 0; i < replies.length; i++) {
      var li = addMessage('bot', replies[i].text, replies[i].choices);
      if (!first) first = li;
    }
    reveal(first);
  }

  function notice(text, mine) {
    var li = addMessage('notice', text);
    reveal(mine || li);
  }

  function setStatus(text, warn) {
    statusLine.textContent = text || '';
    statusLine.className = warn ? 'warn' : '';
  }

  function setBusy(on) {
    busy = on;
    sendButton.disabled = on;
    setStatus(on ? T.busy : '');
  }

  /** Resolves {status, data}; status 0 when the service could not be reached. */
  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(function (r) {
      return r.json().then(function (data) { return { status: r.status, data: data || {} }; }, function () { return { status: r.status, data: {} }; });
    }, function () { return { status: 0, data: {} }; });
  }

  function open() {
    var saved = null;
    try { saved = store && store.getItem(KEY); } catch (e) { saved = null; }
    return post('/api/chat/open', saved ? { session: saved } : {}).then(function (res) {
      if (res.status === 200 && res.data.session) {
        session = res.data.session;
        try { if (store) store.setItem(KEY, session); } catch (e) {}
        showReplies(res.data.replies || []);
      } else {
        notice(res.status === 429 ? T.tooManySessions : res.status === 0 ? T.offline : T.serverError);
      }
    });
  }

  function send(payload, shown, box) {
    var mine = shown ? addMessage('me', shown) : null;
    if (mine) reveal(mine);
    if (!session) { setButtons(box, true); notice(T.offline, mine); return; }
    payload.session = session;
    payload.id = Date.now().toString(36) + '-' + (seq++);
    setBusy(true);
    return post('/api/chat', payload).then(function (res) {
      setBusy(false);
      if (res.status === 200) {
        showReplies(res.data.replies || [], mine);
        if (res.data.limited) { setButtons(box, true); setStatus(T.slowDown, true); }
        return;
      }
      setButtons(box, true);
      if (res.status === 401) { session = null; try { if (store) store.removeItem(KEY); } catch (e) {} open(); return; }
      if (res.status === 413) { setStatus(tooLongText(shown.length), true); return; }
      if (res.status === 429) { notice(T.slowDown, mine); return; }
      notice(res.status === 0 ? T.offline : T.serverError, mine);
    }).then(function () { input.focus(); });
  }

  function tooLongText(n) {
    return T.tooLong.replace('{n}', n.toLocaleString('vi-VN')).replace('{max}', MAX.toLocaleString('vi-VN'));
  }

  function checkLength() {
    var n = input.value.length;
    var over = n > MAX;
    input.setAttribute('aria-invalid', over ? 'true' : 'false');
    if (over) setStatus(tooLongText(n), true);
    else if (statusLine.className === 'warn' && !busy) setStatus('');
    return !over;
  }

  input.oninput = checkLength;
  var photo = document.getElementById('photo');
  photo.onchange = function () {
    var file = photo.files && photo.files[0];
    if (!file || busy) return;
    if (file.size > 5 * 1024 * 1024) { addMessage('bot', 'Ảnh lớn quá. Bạn chọn ảnh nhỏ hơn (dưới 5 MB) nhé.'); photo.value = ''; return; }
    var reader = new FileReader();
    reader.onload = function () {
      var caption = input.value.replace(/^\\s+|\\s+$/g, '');
      input.value = '';
      photo.value = '';
      send({ image: String(reader.result), text: caption || undefined }, '📷 Ảnh' + (caption ? ': ' + caption : ''));
    };
    reader.readAsDataURL(file);
  };

  form.onsubmit = function (e) {
    e.preventDefault();
    var text = input.value.replace(/^\\s+|\\s+$/g, '');
    if (!text || busy) return;
    if (text.length > MAX) { checkLength(); return; }
    input.value = '';
    send({ text: text }, text);
  };

  open();
})();
</script>
</body>
</html>
`;
