// GET / : a self-contained page where a person talks in a simulated guild as a member.
// The page script avoids template literals so it can live inside this TypeScript string.
export const CHAT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Discord simulator</title>
<style>
  :root { color-scheme: dark; --bg:#313338; --panel:#2b2d31; --muted:#949ba4; --text:#dbdee1; --accent:#5865f2; --mention:rgba(88,101,242,.3); }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.4 system-ui, sans-serif; background:var(--bg); color:var(--text); display:flex; flex-direction:column; height:100vh; }
  header { display:flex; gap:8px; flex-wrap:wrap; align-items:center; padding:10px 14px; background:var(--panel); border-bottom:1px solid #1e1f22; }
  header label { color:var(--muted); font-size:13px; display:flex; gap:6px; align-items:center; }
  select, input[type=text] { background:#1e1f22; color:var(--text); border:1px solid #3f4147; border-radius:4px; padding:5px 8px; font:inherit; }
  #log { flex:1; overflow-y:auto; padding:12px 16px; }
  .msg { padding:6px 8px; border-radius:4px; margin-bottom:4px; }
  .msg:hover { background:#2e3035; }
  .msg.mentions-me { background:rgba(250,168,26,.08); border-left:2px solid #f0b232; }
  .head { display:flex; gap:8px; align-items:baseline; }
  .author { font-weight:600; color:#f2f3f5; }
  .bot { background:var(--accent); color:#fff; font-size:10px; padding:1px 4px; border-radius:3px; font-weight:600; }
  .time, .note { color:var(--muted); font-size:12px; }
  .ref { color:var(--muted); font-size:13px; margin-bottom:2px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
  .content { white-space:pre-wrap; word-wrap:break-word; }
  .mention { background:var(--mention); color:#c9cdfb; border-radius:3px; padding:0 2px; }
  .embed { border-left:4px solid var(--accent); background:var(--panel); padding:6px 10px; margin-top:4px; border-radius:4px; max-width:560px; }
  .embed .title { font-weight:600; }
  code { background:#1e1f22; padding:0 3px; border-radius:3px; }
  form { display:flex; gap:8px; padding:12px 16px; background:var(--bg); border-top:1px solid #1e1f22; }
  #text { flex:1; padding:10px; }
  button { background:var(--accent); color:#fff; border:0; border-radius:4px; padding:0 16px; font:inherit; cursor:pointer; }
  #error { color:#f23f43; font-size:13px; padding:0 16px; min-height:1em; }
  .empty { color:var(--muted); text-align:center; margin-top:40px; }
  .buttons { display:flex; gap:6px; flex-wrap:wrap; margin-top:6px; }
  .buttons button { padding:5px 14px; background:#4e5058; }
  .buttons button.s1 { background:var(--accent); }
  .buttons button.s3 { background:#248046; }
  .buttons button.s4 { background:#da373c; }
  .buttons button:disabled { opacity:.5; cursor:not-allowed; }
  #title { flex:0 0 28%; padding:10px; }
  .post { padding:10px 12px; background:var(--panel); border-radius:6px; margin-bottom:8px; cursor:pointer; }
  .post:hover { background:#35373c; }
  .post .tags { color:var(--muted); font-size:12px; margin-left:6px; }
</style>
</head>
<body>
<header>
  <label>Guild <select id="guild"></select></label>
  <label>Channel <select id="channel"></select></label>
  <label>You are <input id="username" type="text" size="12" value="member"></label>
  <label><input id="mention" type="checkbox" checked> mention <select id="bot"></select></label>
</header>
<div id="log"><div class="empty">Loading...</div></div>
<div id="error"></div>
<form id="form" autocomplete="off">
  <input id="title" type="text" placeholder="Post title" aria-label="Post title" hidden>
  <input id="text" type="text" placeholder="Message as a member - Enter to send">
  <button type="submit">Send</button>
</form>
<script>
(function () {
  var state = { guilds: [], bots: [] };
  var names = {};
  var roleNames = {};
  var channelNames = {};
  var lastRendered = '';
  var $ = function (id) { return document.getElementById(id); };
  var saved = JSON.parse(localStorage.getItem('sim-chat') || '{}');
  if (saved.username) $('username').value = saved.username;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function inline(s) {
    return esc(s)
      .replace(/\\*\\*([^*]+)\\*\\*/g, '<b>$1</b>')
      .replace(/\\x60([^\\x60]+)\\x60/g, '<code>$1</code>');
  }
  function renderContent(text) {
    var out = '';
    var re = /<(@!?|@&|#)(\\d+)>|@everyone|@here/g;
    var last = 0, m;
    while ((m = re.exec(text))) {
      out += inline(text.slice(last, m.index));
      var label;
      if (!m[1]) label = m[0];
      else if (m[1] === '@&') label = '@' + (roleNames[m[2]] || 'role');
      else if (m[1] === '#') label = '#' + (channelNames[m[2]] || 'channel');
      else label = '@' + (names[m[2]] || m[2]);
      out += '<span class="mention">' + esc(label) + '</span>';
      last = re.lastIndex;
    }
    return out + inline(text.slice(last));
  }
  function plain(text) {
    return text.replace(/<@!?(\\d+)>/g, function (_, id) { return '@' + (names[id] || id); });
  }
  function save() {
    localStorage.setItem('sim-chat', JSON.stringify({ guild: $('guild').value, channel: $('channel').value, username: $('username').value }));
  }
  function currentGuild() {
    for (var i = 0; i < state.guilds.length; i++) if (state.guilds[i].id === $('guild').value) return state.guilds[i];
    return null;
  }
  function fillSelect(sel, items, keep) {
    var html = items.map(function (it) { return '<option value="' + esc(it.id) + '">' + esc(it.name) + '</option>'; }).join('');
    if (sel.innerHTML !== html) { sel.innerHTML = html; }
    if (keep && items.some(function (it) { return it.id === keep; })) sel.value = keep;
    // Re-choosing the same guild clears the channel while the options stay the same: pick the first again.
    if (sel.selectedIndex < 0 && items.length) sel.selectedIndex = 0;
  }
  function refreshState() {
    return fetch('/_sim/state').then(function (r) { return r.json(); }).then(function (s) {
      state = s;
      names = {}; roleNames = {}; channelNames = {};
      s.bots.forEach(function (b) { names[b.userId] = b.username; });
      s.guilds.forEach(function (g) {
        g.members.forEach(function (m) { names[m.user.id] = m.nick || m.user.global_name || m.user.username; });
        g.roles.forEach(function (r) { roleNames[r.id] = r.name; });
        g.channels.forEach(function (c) { channelNames[c.id] = c.name; });
        (g.threads || []).forEach(function (t) { channelNames[t.id] = t.name; });
      });
      fillSelect($('guild'), s.guilds, $('guild').value || saved.guild);
      var g = currentGuild();
      fillSelect($('channel'), g ? channelItems(g) : [], $('channel').value || saved.channel);
      updateComposer();
      var bots = s.bots.filter(function (b) { return !g || g.bots.indexOf(b.applicationId) >= 0; });
      fillSelect($('bot'), bots.map(function (b) { return { id: b.userId, name: b.username }; }), $('bot').value);
      if (!s.guilds.length) $('log').innerHTML = '<div class="empty">No guilds yet: POST /_sim/guilds to create one.</div>';
    });
  }
  function renderMessages(list) {
    var key = JSON.stringify(list);
    if (key === lastRendered) return;
    lastRendered = key;
    var log = $('log');
    var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    var me = $('username').value;
    if (!list.length) { log.innerHTML = '<div class="empty">No messages yet. Say something!</div>'; return; }
    log.innerHTML = list.map(function (m) {
      (m.mentions || []).forEach(function (u) { names[u.id] = names[u.id] || u.username; });
      names[m.author.id] = names[m.author.id] || m.author.username;
      var mine = (m.mentions || []).some(function (u) { return u.username === me; });
      var html = '<div class="msg' + (mine ? ' mentions-me' : '') + '">';
      var ref = m.referenced_message;
      if (ref) html += '<div class="ref">&#8618; <b>@' + esc(names[ref.author.id] || ref.author.username) + '</b> ' + esc(plain(ref.content).slice(0, 120)) + '</div>';
      else if (m.message_reference) html += '<div class="ref">&#8618; (original message deleted)</div>';
      html += '<div class="head"><span class="author">' + esc(names[m.author.id] || m.author.username) + '</span>';
      if (m.author.bot) html += '<span class="bot">BOT</span>';
      html += '<span class="time">' + esc(new Date(m.timestamp).toLocaleTimeString()) + '</span>';
      if (m.edited_timestamp) html += '<span class="note">(edited)</span>';
      if (m.flags & 64) html += '<span class="note">(only the invoking user sees this)</span>';
      html += '</div>';
      if (m.flags & 128) html += '<div class="note">' + esc(m.author.username) + ' is thinking...</div>';
      if (m.content) html += '<div class="content">' + renderContent(m.content) + '</div>';
      (m.embeds || []).forEach(function (e) {
        html += '<div class="embed">' + (e.title ? '<div class="title">' + esc(e.title) + '</div>' : '') +
          (e.description ? '<div class="content">' + renderContent(e.description) + '</div>' : '') + '</div>';
      });
      // Buttons (action rows) on a bot's message: a click is signed and delivered to the bot's interactions URL.
      (m.components || []).forEach(function (row) {
        var buttons = (row.components || []).filter(function (c) { return c.type === 2 && c.custom_id; });
        if (!buttons.length) return;
        html += '<div class="buttons">' + buttons.map(function (c) {
          return '<button type="button" class="s' + esc(c.style) + '" data-message="' + esc(m.id) + '" data-author="' + esc(m.author.id) +
            '" data-custom="' + esc(c.custom_id) + '"' + (c.disabled ? ' disabled' : '') + '>' + esc(c.label || c.custom_id) + '</button>';
        }).join('') + '</div>';
      });
      return html + '</div>';
    }).join('');
    if (atBottom) log.scrollTop = log.scrollHeight;
  }
  // Forums and threads: a forum lists its posts and takes new ones (title + first message); a thread is a channel.
  function channelItems(g) {
    var items = [];
    g.channels.forEach(function (c) {
      items.push({ id: c.id, name: (c.type === 15 ? 'forum: ' : '#') + c.name });
      (g.threads || []).forEach(function (t) {
        if (t.parent_id !== c.id) return;
        var flags = (t.type === 12 ? ' (private)' : '') + (t.thread_metadata && t.thread_metadata.archived ? ' (archived)' : '');
        items.push({ id: t.id, name: '\u00a0\u00a0\u21b3 ' + t.name + flags });
      });
    });
    return items;
  }
  function selectedForum() {
    var g = currentGuild();
    if (!g) return null;
    for (var i = 0; i < g.channels.length; i++) if (g.channels[i].id === $('channel').value && g.channels[i].type === 15) return g.channels[i];
    return null;
  }
  function updateComposer() {
    var forum = selectedForum();
    $('title').hidden = !forum;
    $('text').placeholder = forum ? 'First message of your post - Enter to post' : 'Message as a member - Enter to send';
  }
  function renderForum(forum) {
    var g = currentGuild();
    var posts = ((g && g.threads) || []).filter(function (t) { return t.parent_id === forum.id; });
    var tagNames = {};
    (forum.available_tags || []).forEach(function (t) { tagNames[t.id] = (t.emoji_name ? t.emoji_name + ' ' : '') + t.name; });
    var key = 'forum:' + JSON.stringify(posts);
    if (key === lastRendered) return;
    lastRendered = key;
    if (!posts.length) { $('log').innerHTML = '<div class="empty">No posts yet. Give your post a title and write the first message.</div>'; return; }
    $('log').innerHTML = posts.slice().reverse().map(function (t) {
      var tags = (t.applied_tags || []).map(function (id) { return tagNames[id] || id; }).join(', ');
      return '<div class="post" data-thread="' + esc(t.id) + '"><b>' + esc(t.name) + '</b>' + (tags ? '<span class="tags">' + esc(tags) + '</span>' : '') +
        '<div class="note">' + esc(String(t.message_count || 0)) + (t.message_count === 1 ? ' reply' : ' replies') + (t.thread_metadata && t.thread_metadata.archived ? ' - closed' : '') + '</div></div>';
    }).join('');
  }
  function openPost(ev) {
    var el = ev.target.closest ? ev.target.closest('.post') : null;
    if (!el) return;
    $('channel').value = el.getAttribute('data-thread');
    lastRendered = '';
    updateComposer();
    poll();
    save();
  }
  function postInForum(forum, text) {
    var title = $('title').value.trim();
    if (!title) { $('error').textContent = 'A post needs a title.'; return; }
    save();
    fetch('/_sim/forum-posts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: forum.id, user: { username: $('username').value || 'member' }, title: title, content: text })
    }).then(function (r) {
      return r.json().then(function (b) { if (!r.ok) throw new Error(b.error || r.statusText); return b; });
    }).then(function (b) {
      $('text').value = '';
      $('title').value = '';
      $('error').textContent = '';
      return refreshState().then(function () { $('channel').value = b.thread.id; lastRendered = ''; updateComposer(); save(); return poll(); });
    }).catch(function (e) { $('error').textContent = e.message; });
  }
  function poll() {
    var cid = $('channel').value;
    if (!cid) return Promise.resolve();
    var forum = selectedForum();
    if (forum) { renderForum(forum); return Promise.resolve(); }
    return fetch('/_sim/channels/' + encodeURIComponent(cid) + '/messages')
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(renderMessages);
  }
  function send(ev) {
    ev.preventDefault();
    var text = $('text').value.trim();
    var g = currentGuild();
    if (!text || !g) return;
    var forum = selectedForum();
    if (forum) { postInForum(forum, text); return; }
    if ($('mention').checked && $('bot').value) text = '<@' + $('bot').value + '> ' + text;
    save();
    fetch('/_sim/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ guildId: g.id, channelId: $('channel').value, author: { username: $('username').value || 'member' }, content: text })
    }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(b.error || r.statusText); });
      $('text').value = '';
      $('error').textContent = '';
      return refreshState().then(poll);
    }).catch(function (e) { $('error').textContent = e.message; });
  }
  function click(ev) {
    var target = ev.target.closest ? ev.target.closest('button[data-custom]') : null;
    var g = currentGuild();
    if (!target || !g) return;
    var bot = state.bots.filter(function (b) { return b.userId === target.dataset.author; })[0];
    if (!bot) return;
    save();
    fetch('/_sim/interactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        guildId: g.id, channelId: $('channel').value, user: { username: $('username').value || 'member' }, applicationId: bot.applicationId,
        component: { messageId: target.dataset.message, customId: target.dataset.custom },
        // Like Discord: to the application's interactions endpoint URL when it has one, else over its gateway.
        endpoint: bot.interactionsEndpointUrl || undefined, gateway: !bot.interactionsEndpointUrl
      })
    }).then(function (r) {
      return r.json().then(function (b) {
        if (!r.ok) throw new Error(b.error || r.statusText);
        if (b.delivered && b.delivered.status >= 300) throw new Error('The bot answered the click with HTTP ' + b.delivered.status);
        if (b.delivered && b.delivered.refused) throw new Error('The application did not respond in time');
        $('error').textContent = '';
        return poll();
      });
    }).catch(function (e) { $('error').textContent = e.message; });
  }
  $('log').addEventListener('click', click);
  $('form').addEventListener('submit', send);
  $('guild').addEventListener('change', function () { $('channel').value = ''; lastRendered = ''; refreshState().then(poll); save(); });
  // A forum's list shows each post's reply count from the state: read it again, not the copy from up to 3 s ago.
  $('channel').addEventListener('change', function () { lastRendered = ''; updateComposer(); save(); refreshState().then(poll); });
  $('log').addEventListener('click', openPost);
  $('username').addEventListener('change', save);
  refreshState().then(poll);
  setInterval(poll, 500);
  setInterval(refreshState, 3000);
})();
</script>
</body>
</html>
`;
