// Web chat: talks Socket.IO to the Rasa server that serves this page. No third-party requests.
(function () {
  "use strict";
  var UI = {
    en: { title: "Asylum information", language: "Language", label: "Your question", send: "Send",
          del: "Delete my conversation", confirmDelete: "Delete this conversation for good?",
          disclaimer: "An automated assistant with general information only: no legal advice, no access to any file. Do not share personal details.",
          offline: "No connection. Trying again…", online: "" },
    nl: { title: "Informatie over asiel", language: "Taal", label: "Je vraag", send: "Verstuur",
          del: "Verwijder mijn gesprek", confirmDelete: "Dit gesprek definitief verwijderen?",
          disclaimer: "Een automatische assistent met alleen algemene informatie: geen juridisch advies, geen toegang tot een dossier. Deel geen persoonlijke gegevens.",
          offline: "Geen verbinding. Opnieuw proberen…", online: "" }
  };
  var SESSION_KEY = "asielinfo-session";
  var LANG_KEY = "asielinfo-language";
  var HISTORY_KEY = "asielinfo-history";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var status = document.getElementById("status");
  var languageSelect = document.getElementById("language");
  var lang = localStorage.getItem(LANG_KEY) || (navigator.language || "en").slice(0, 2);
  if (!UI[lang]) { lang = "en"; }

  function sessionId() {
    var id = localStorage.getItem(SESSION_KEY);
    if (!id) {
      id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
      localStorage.setItem(SESSION_KEY, id);
    }
    return id;
  }

  function applyLanguage() {
    var t = UI[lang];
    document.documentElement.lang = lang;
    document.title = t.title;
    document.getElementById("title").textContent = t.title;
    document.getElementById("language-label").textContent = t.language;
    document.getElementById("message-label").textContent = t.label;
    document.getElementById("send").textContent = t.send;
    document.getElementById("delete").textContent = t.del;
    document.getElementById("disclaimer").textContent = t.disclaimer;
    languageSelect.value = lang;
  }

  function history() {
    try { return JSON.parse(sessionStorage.getItem(HISTORY_KEY) || "[]"); } catch (e) { return []; }
  }

  function remember(entry) {
    var h = history(); h.push(entry);
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(-100)));
  }

  function render(entry) {
    var bubble = document.createElement("div");
    bubble.className = "msg " + entry.from;
    bubble.setAttribute("dir", "auto");
    bubble.textContent = entry.text || "";
    if (entry.buttons && entry.buttons.length) {
      var group = document.createElement("div");
      group.className = "buttons";
      entry.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.setAttribute("dir", "auto");
        button.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(button);
      });
      bubble.appendChild(group);
    }
    log.appendChild(bubble);
    bubble.scrollIntoView({ block: "end" });
    return bubble;
  }

  function show(entry) { remember(entry); return render(entry); }

  var socket = io({ path: "/socket.io", transports: ["websocket", "polling"] });

  function send(payload, shown) {
    show({ from: "user", text: shown || payload });
    socket.emit("user_uttered", { message: payload, session_id: sessionId() });
  }

  socket.on("connect", function () {
    status.textContent = UI[lang].online;
    socket.emit("session_request", { session_id: sessionId() });
  });
  socket.on("disconnect", function () { status.textContent = UI[lang].offline; });
  // After "delete" the log is cleared at once; parts of an earlier answer may still be on their way.
  // They are dropped until the server's marked confirmation arrives (actions/guard.py), or after a while
  // if it never does.
  var deleting = null;
  socket.on("bot_uttered", function (m) {
    if (deleting) {
      if (!m.conversation_deleted) { return; }
      clearTimeout(deleting);
      deleting = null;
    }
    var buttons = m.quick_replies || m.buttons || [];
    show({ from: "bot", text: m.text, buttons: buttons });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
    input.focus();
  });

  languageSelect.addEventListener("change", function () {
    lang = languageSelect.value;
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
    send('/switch_language{"language": "' + lang + '"}', languageSelect.options[languageSelect.selectedIndex].text);
  });

  document.getElementById("delete").addEventListener("click", function () {
    if (!window.confirm(UI[lang].confirmDelete)) { return; }
    clearTimeout(deleting);
    deleting = setTimeout(function () { deleting = null; }, 15000);
    socket.emit("user_uttered", { message: "/delete_conversation", session_id: sessionId() });
    sessionStorage.removeItem(HISTORY_KEY);
    log.textContent = "";
    localStorage.removeItem(SESSION_KEY);
    socket.emit("session_request", { session_id: sessionId() });
    input.focus();
  });

  applyLanguage();
  history().forEach(render);
}());
