/**
 * The web chat page: one self-contained HTML document (no external CDN, no build step), large
 * readable text, high contrast, big buttons for choices, a live region so screen readers announce
 * answers, and plain ES5 + fetch so it runs on old, cheap phones. Text is inserted as text nodes
 * (never innerHTML); links in answers become clickable.
 */
export const webChatPage = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trợ lý Bình dân học vụ số</title>
<style>
  * { box-sizing: border-box; }
  html { font-size: 20px; }
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5;
         color: #111; background: #f4f4f0; display: flex; flex-direction: column; min-height: 100vh; }
  header { background: #0b4f8a; color: #fff; padding: 0.6rem 1rem; }
  header h1 { font-size: 1.15rem; margin: 0; }
  header p { margin: 0.2rem 0 0; font-size: 0.85rem; }
  main { flex: 1; width: 100%; max-width: 46rem; margin: 0 auto; padding: 0.8rem; }
  #log { list-style: none; margin: 0; padding: 0; }
  .msg { margin: 0 0 0.8rem; padding: 0.7rem 0.9rem; border-radius: 0.6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  .bot { background: #fff; border: 2px solid #d0d7de; margin-right: 1.5rem; }
  .me { background: #0b4f8a; color: #fff; margin-left: 1.5rem; }
  .choices { display: flex; flex-direction: column; gap: 0.5rem; margin-top: 0.7rem; }
  button { font: inherit; min-height: 3rem; padding: 0.5rem 0.9rem; border-radius: 0.5rem; cursor: pointer; }
  .choices button { text-align: left; background: #e8f1fb; color: #0b3d6b; border: 2px solid #0b4f8a; }
  .choices button:disabled { opacity: 0.55; cursor: default; }
  a { color: #0b4f8a; }
  .me a { color: #fff; }
  button:focus-visible, input:focus-visible { outline: 4px solid #f0b400; outline-offset: 2px; }
  form { position: sticky; bottom: 0; background: #f4f4f0; border-top: 2px solid #d0d7de; padding: 0.6rem; }
  .row { display: flex; gap: 0.5rem; max-width: 46rem; margin: 0 auto; }
  label.hint { display: block; max-width: 46rem; margin: 0 auto 0.3rem; font-size: 0.85rem; }
  #text { flex: 1; font: inherit; min-height: 3rem; padding: 0.4rem 0.7rem; border: 2px solid #555; border-radius: 0.5rem; min-width: 0; }
  #send { background: #0b4f8a; color: #fff; border: 2px solid #0b4f8a; font-weight: bold; }
  #status { max-width: 46rem; margin: 0 auto; min-height: 1.4rem; font-size: 0.85rem; color: #444; }
</style>
</head>
<body>
<header>
  <h1>Trợ lý Bình dân học vụ số</h1>
  <p>Học kỹ năng số từng bước. Gõ câu hỏi hoặc bấm nút để chọn.</p>
</header>
<main>
  <ol id="log" role="log" aria-live="polite" aria-label="Cuộc trò chuyện"></ol>
</main>
<form id="form" autocomplete="off">
  <label class="hint" for="text">Nhập câu hỏi của bạn (có dấu hay không dấu đều được):</label>
  <div class="row">
    <input id="text" name="text" type="text" maxlength="1000" enterkeyhint="send" placeholder="Ví dụ: VNeID là gì?">
    <button id="send" type="submit">Gửi</button>
  </div>
  <label class="hint" for="photo">📷 Kiểm tra mã QR: chọn ảnh chụp mã QR</label>
  <input id="photo" name="photo" type="file" accept="image/jpeg,image/png">
  <p id="status" aria-live="polite"></p>
</form>
<noscript><p>Trang này cần bật JavaScript.</p></noscript>
<script>
(function () {
  var log = document.getElementById('log');
  var form = document.getElementById('form');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var statusLine = document.getElementById('status');
  var KEY = 'bdhvs-web-session';
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  var session = store && store.getItem(KEY);
  var firstVisit = !session;
  if (!session) { session = randomId(); if (store) { try { store.setItem(KEY, session); } catch (e) {} } }
  var seq = 0;
  var busy = false;

  function randomId() {
    var out = '';
    var c = window.crypto || window.msCrypto;
    if (c && c.getRandomValues) {
      var a = new Uint8Array(16);
      c.getRandomValues(a);
      for (var i = 0; i < a.length; i++) out += ('0' + a[i].toString(16)).slice(-2);
      return out;
    }
    for (var j = 0; j < 32; j++) out += Math.floor(Math.random() * 16).toString(16);
    return out;
  }

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
    label.className = 'visually-hidden';
    label.style.position = 'absolute';
    label.style.left = '-9999px';
    label.textContent = who === 'me' ? 'Bạn: ' : 'Trợ lý: ';
    li.appendChild(label);
    appendText(li, text);
    if (choices && choices.length) {
      var box = document.createElement('div');
      box.className = 'choices';
      for (var i = 0; i < choices.length; i++) box.appendChild(choiceButton(choices[i], box));
      li.appendChild(box);
    }
    log.appendChild(li);
    li.scrollIntoView ? li.scrollIntoView(false) : window.scrollTo(0, document.body.scrollHeight);
  }

  function choiceButton(choice, box) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = choice.label;
    b.onclick = function () {
      if (busy) return;
      var buttons = box.getElementsByTagName('button');
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      send({ action: choice.action }, choice.label);
    };
    return b;
  }

  function showReplies(replies) {
    for (var i = 0; i < replies.length; i++) addMessage('bot', replies[i].text, replies[i].choices);
  }

  function setBusy(on) {
    busy = on;
    sendButton.disabled = on;
    statusLine.textContent = on ? 'Trợ lý đang trả lời…' : '';
  }

  function request(method, body) {
    var url = '/api/chat' + (method === 'GET' ? '?session=' + encodeURIComponent(session) : '');
    var init = { method: method, headers: {} };
    if (body) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(url, init).then(function (r) {
      return r.json().then(function (data) { if (!r.ok) throw new Error(data && data.error); return data; });
    });
  }

  function send(payload, shown) {
    if (shown) addMessage('me', shown);
    payload.session = session;
    payload.id = Date.now().toString(36) + '-' + (seq++);
    setBusy(true);
    return request('POST', payload).then(function (data) {
      showReplies(data.replies || []);
    }, function () {
      addMessage('bot', 'Chưa gửi được. Bạn kiểm tra mạng rồi thử lại nhé.');
    }).then(function () { setBusy(false); input.focus(); });
  }

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
    input.value = '';
    send({ text: text }, text);
  };

  request('GET').then(function (data) {
    showReplies(data.replies || []);
    if (firstVisit) send({ text: '/start' });
  }, function () {
    if (firstVisit) send({ text: '/start' });
  });
})();
</script>
</body>
</html>
`;
