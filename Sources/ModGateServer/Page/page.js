// The browser chat page (docs/gateway.md, "The chat page"). The room and the token come from the address's
// fragment, #room=lobby&token=..., which browsers never send to a server, or from the join form. History comes
// over HTTP, the live stream over /v1/ws. Every text reaches the page through textContent, never as HTML.
// The people who write in the room can be called: WebRTC, signalled over the same socket (docs/calls.md).

/** Messages kept on the page; older ones are dropped from the top. */
const MAX_SHOWN = 1000;
/** History page asked for; the gateway gives at most `server.max_page`. */
const PAGE = 1000;
/** The gateway's default `server.max_text_bytes`. */
const MAX_TEXT_BYTES = 4096;
const ROOM = /^[A-Za-z0-9._:-]{1,64}$/;
/** Reconnect delays grow from the first to the last, doubling, with jitter. */
const RETRY_FIRST_MS = 500;
const RETRY_LAST_MS = 30000;
/** People listed to call, at most: the ones seen last. */
const MAX_PEOPLE = 50;
/** How long an invite rings, in ms: the gateway's default `lifetime`. */
const CALL_LIFETIME_MS = 60000;
/** How long past an invite's lifetime the page waits for the gateway's `invite_timeout` before it gives up itself. */
const RING_GRACE_MS = 5000;
/** ICE candidates in one `candidates` frame, at most (docs/calls.md). */
const CANDIDATES_PER_FRAME = 32;

const view = Object.fromEntries(
  ['where', 'connection', 'leave', 'join', 'join-note', 'join-room', 'join-token', 'chat', 'log', 'empty', 'messages',
    'composer', 'message', 'message-label', 'send', 'notice', 'room-title', 'people-empty', 'people-list', 'call',
    'call-status', 'remote-video', 'local-video', 'call-answer', 'call-decline', 'call-hangup', 'call-close']
    .map((id) => [id.replace(/-(.)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]));

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const timeWithSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The room the page shows; null while the join form is up. */
let session = null;

/** One room with one token: what is shown, what waits for an ack, the socket and its reconnects. */
class Session {
  constructor(room, token) {
    this.room = room;
    this.token = token;
    this.user = claims(token)?.sub ?? null;
    /** The last room sequence number shown: history and resumes start after it, and nothing at or below it is shown again. */
    this.lastSeq = 0;
    /** Whether the history has been read once: only the first read may skip to a long room's end. */
    this.visited = false;
    /** Message id to its list item, for retractions, acks and shadowed copies. */
    this.shown = new Map();
    /** Sends without an ack yet, by cid, in send order: sent again with the same cid after a reconnect. */
    this.outbox = new Map();
    /** The user's acked sends whose message has not arrived yet, by id: {text, reason, item}. */
    this.acked = new Map();
    /** The user's held messages, by id, until a moderator approves or rejects them: {item, text}. */
    this.held = new Map();
    this.socket = null;
    /** Whether a connect is under way (reading the history before the socket opens). */
    this.connecting = false;
    this.attempt = 0;
    this.timer = null;
    /** Why the session stopped for good (banned), or waits for a new token; null while it runs. */
    this.stopped = null;
    /** The people who wrote in the room, but the user, the one seen last last. */
    this.people = new Set();
    /** The call ringing or under way; null when there is none. */
    this.call = null;
  }

  /** Loads what was missed over HTTP, then follows the room over the WebSocket. */
  async connect() {
    clearTimeout(this.timer);
    if (this.stopped || this !== session || this.connecting) return;
    this.connecting = true;
    setConnection('connecting', 'Connecting…');
    try {
      await this.catchUp();
    } catch (error) {
      if (error instanceof Refusal) return this.needToken(error.expired
        ? 'Your token has expired: paste a new one to carry on where you left off.'
        : `The gateway refused this token: ${error.message}`);
      return this.retryLater('The gateway cannot be reached');
    } finally {
      this.connecting = false;
    }
    if (this === session && !this.stopped) this.open();
  }

  /** Pages through the room's messages after the last one shown; a first visit to a long room starts at its last MAX_SHOWN. */
  async catchUp() {
    for (;;) {
      const page = await this.history(this.lastSeq, PAGE);
      if (this !== session) return;
      if (!this.visited && page.length === PAGE) {
        this.visited = true;
        this.lastSeq = Math.max(0, await this.lastNumber(page[page.length - 1].seq) - MAX_SHOWN);
        continue;
      }
      this.visited = true;
      for (const message of page) this.showMessage(message);
      if (page.length < PAGE) return;
    }
  }

  /** The room's visible messages after `since`, oldest first: `GET /v1/rooms/{room}/messages`. */
  async history(since, limit) {
    const url = `/v1/rooms/${encodeURIComponent(this.room)}/messages?since=${since}&limit=${limit}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store' });
    if (response.status === 401 || response.status === 403) throw await Refusal.from(response);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  /**
   * The number of the room's last visible message, from `known`, the number of one of them: one-message reads
   * past it, doubling the step until none is found, then halving the range. About 2 log2(N / PAGE) reads.
   */
  async lastNumber(known) {
    const anyAfter = async (number) => (await this.history(number, 1)).length > 0;
    // Always: a message after `low`, none after `high`.
    let low = known - 1;
    let step = PAGE;
    let high = known + step;
    while (await anyAfter(high)) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await anyAfter(middle)) low = middle; else high = middle;
    }
    return high;
  }

  open() {
    const url = new URL('/v1/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({ token: this.token }).toString();
    this.dropSocket();
    const socket = new WebSocket(url.href);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      setConnection('live', this.user ? `Connected as ${this.user}` : 'Connected');
      this.transmit({ op: 'subscribe', room: this.room, since: this.lastSeq });
      for (const [cid, pending] of this.outbox) this.sendPending(cid, pending);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      this.handle(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.closed(event.code);
    };
  }

  /** Honours the gateway's close codes (docs/gateway.md): a new token for 4401, nothing more for 4403. */
  closed(code) {
    this.call?.finish('connection_lost', 'Call ended: the page lost its connection to the gateway (connection_lost)');
    for (const pending of this.outbox.values()) setFate(pending.item, 'sending', 'Not sent yet', 'It goes out when the page reconnects.');
    switch (code) {
      case 4401: return this.needToken('Your token has expired: paste a new one to carry on where you left off.');
      case 4403: return this.stop('You are banned from this chat.');
      case 4029: return this.retryLater('You have too many connections open; close another tab');
      case 4008: return this.retryLater('The page fell behind');
      default: return this.retryLater('The connection was lost');
    }
  }

  retryLater(why) {
    const ceiling = Math.min(RETRY_LAST_MS, RETRY_FIRST_MS * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * ceiling / 2;
    this.attempt += 1;
    setConnection('retrying', `${why}. Reconnecting in ${Math.ceil(delay / 1000)} s…`);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Stops until the user gives a new token; what is shown stays, and the next token resumes from it. */
  needToken(why) {
    this.stopped = 'token';
    this.dropSocket();
    setConnection('stopped', 'Waiting for a new token');
    showJoin(this.room, why);
  }

  stop(why) {
    this.stopped = 'banned';
    setConnection('stopped', why);
    view.message.disabled = true;
    view.send.disabled = true;
    say(why);
  }

  /** Ends the session: the page goes to another room or token. */
  end() {
    this.call?.hangUp();
    this.stopped = 'ended';
    clearTimeout(this.timer);
    this.dropSocket();
  }

  /** Closes the socket without reconnecting: its close event no longer counts. */
  dropSocket() {
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }

  resumeWith(token) {
    this.token = token;
    this.user = claims(token)?.sub ?? this.user;
    this.stopped = null;
    this.attempt = 0;
    this.connect();
  }

  transmit(frame) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  handle(frame) {
    switch (frame.op) {
      case 'msg': if (frame.room === this.room) this.showMessage(frame); break;
      case 'ack': if (frame.call_id != null) this.callReply(frame); else this.acknowledged(frame); break;
      case 'retract': if (frame.room === this.room) this.retract(frame.id); break;
      case 'decision': if (frame.room === this.room) this.decided(frame); break;
      case 'error': if (frame.call_id != null) this.callReply(frame); else this.refused(frame); break;
      case 'call': this.callFrame(frame); break;
    }
  }

  /** Calls `peer`, with the camera when `video`; one call at a time. */
  placeCall(peer, video) {
    if (this.call || this.stopped) return;
    this.call = new Call(this, { id: newClientID(), peer, outgoing: true, video });
    this.call.place();
  }

  /** A call frame from the gateway: an invite rings, the rest belong to the call they name. */
  callFrame(frame) {
    if (frame.type === 'invite') {
      this.ring(frame);
    } else if (this.call?.id === frame.call_id) {
      this.call.receive(frame);
    }
  }

  ring(invite) {
    if (invite.from == null) return;
    if (this.call) {
      // One call at a time: the caller hears that this user is busy.
      this.transmit({ op: 'call', type: 'hangup', call_id: invite.call_id, reason: 'user_busy' });
      return;
    }
    const video = /^m=video /m.test(invite.sdp?.sdp ?? '');
    const lifetime = Number(invite.lifetime) > 0 ? Number(invite.lifetime) : CALL_LIFETIME_MS;
    this.call = new Call(this, { id: invite.call_id, peer: invite.from, outgoing: false, video, offer: invite.sdp, lifetime });
    this.call.ring();
  }

  /** The gateway's ack or error for one of the call's frames. */
  callReply(frame) {
    if (this.call?.id !== frame.call_id) return;
    if (frame.op === 'ack') this.call.acked(frame); else this.call.refused(frame);
  }

  /** Shows a message once: by sequence number for the room's messages, by id for a shadowed one (no number). */
  showMessage(message) {
    if (message.seq != null) {
      if (message.seq <= this.lastSeq) return;
      this.lastSeq = message.seq;
    } else if (this.shown.has(message.id)) {
      return;
    }
    this.notePerson(message.user);
    const item = messageItem(message, message.user === this.user);
    const held = this.held.get(message.id);
    if (held) {
      // A moderator approved it: it takes its place in the room's order.
      this.held.delete(message.id);
      held.item.remove();
      setFate(item, 'approved', 'Approved', 'A moderator approved it.');
      describeRedaction(item, held.text);
    }
    const mine = this.acked.get(message.id);
    if (mine) {
      this.acked.delete(message.id);
      mine.item.remove();
      describeRedaction(item, mine.text, mine.reason);
    }
    this.shown.set(message.id, item);
    append(item, message.user === this.user);
  }

  /** Lists `user` among the people to call, unless it is the user. */
  notePerson(user) {
    if (user == null || user === this.user) return;
    const known = this.people.delete(user);
    this.people.add(user);
    if (known) return;
    if (this.people.size > MAX_PEOPLE) this.people.delete(this.people.values().next().value);
    showPeople(this.people);
  }

  /** What became of the user's send: the gateway answers each with its fate. */
  acknowledged(ack) {
    const pending = this.outbox.get(ack.cid);
    if (!pending) return;
    this.outbox.delete(ack.cid);
    const { item, text } = pending;
    switch (ack.status) {
      case 'delivered':
      case 'shadowed': {
        const shown = this.shown.get(ack.id);
        if (shown) {
          item.remove();
          describeRedaction(shown, text, ack.reason);
        } else {
          setFate(item, 'sending', 'Sent');
          this.acked.set(ack.id, { text, reason: ack.reason, item });
        }
        break;
      }
      case 'held':
        item.dataset.id = ack.id;
        setFate(item, 'held', 'Held', `Waiting for a moderator; only you can see it.${ack.reason ? ` ${ack.reason}` : ''}`);
        this.held.set(ack.id, { item, text });
        break;
      case 'rejected': {
        const wait = Number(ack.retry_after);
        const reason = ack.reason ?? 'The gateway refused it.';
        if (wait > 0) {
          const at = timeWithSeconds.format(new Date(Date.now() + wait * 1000));
          setFate(item, 'rejected', 'Not sent', `${reason} You can send again at ${at}.`);
        } else {
          setFate(item, 'rejected', 'Rejected', reason);
        }
        break;
      }
    }
  }

  decided(decision) {
    const held = this.held.get(decision.id);
    if (!held || decision.status !== 'rejected') return;
    this.held.delete(decision.id);
    setFate(held.item, 'rejected', 'Rejected', `A moderator rejected it.${decision.reason ? ` ${decision.reason}` : ''}`);
  }

  /** A moderator removed a message: its text leaves the page. */
  retract(id) {
    const item = this.shown.get(id);
    if (!item) return;
    item.querySelector('.text').textContent = 'This message was removed by a moderator.';
    item.querySelector('.fate-note')?.remove();
    setFate(item, 'removed', 'Removed');
  }

  refused(error) {
    const pending = error.cid != null ? this.outbox.get(error.cid) : null;
    if (pending && error.code === 'not_stored') {
      // Nothing was stored: the same cid again, so that the gateway keeps one copy whatever happened.
      setFate(pending.item, 'sending', 'Sending again', 'The gateway could not store it yet.');
      setTimeout(() => { if (this.outbox.get(error.cid) === pending) this.sendPending(error.cid, pending); }, 2000);
    } else if (error.code === 'bad_request' && /since/.test(error.message ?? '')) {
      // Too much to resume over the socket: page through the history, then follow again.
      this.catchUp().then(() => this.transmit({ op: 'subscribe', room: this.room, since: this.lastSeq }), () => this.socket?.close());
    } else if (error.code !== 'token_expired' && error.code !== 'user_banned') {
      say(`The gateway refused that: ${error.message ?? error.code}`);
    }
  }

  send(text) {
    const cid = newClientID();
    const item = messageItem({ user: this.user ?? 'you', text, ts: Date.now() / 1000 }, true);
    const pending = { text, item };
    this.outbox.set(cid, pending);
    append(item, true);
    if (!this.sendPending(cid, pending)) setFate(item, 'sending', 'Not sent yet', 'It goes out when the page reconnects.');
  }

  sendPending(cid, pending) {
    const sent = this.transmit({ op: 'send', room: this.room, text: pending.text, cid });
    if (sent) setFate(pending.item, 'sending', 'Sending…');
    return sent;
  }
}

/** A 401 or 403 from the gateway: the token is wrong or expired. */
class Refusal extends Error {
  static async from(response) {
    let body = {};
    try { body = await response.json(); } catch { /* a bare status */ }
    const refusal = new Refusal(body.message ?? `HTTP ${response.status}`);
    refusal.expired = body.code === 'token_expired';
    return refusal;
  }
}

/**
 * One call with another person in the room: a WebRTC connection, the camera and microphone, and the signalling
 * over the session's socket (docs/calls.md). It ends once, with a reason code and a sentence on the call panel.
 */
class Call {
  constructor(session, { id, peer, outgoing, video, offer = null, lifetime = CALL_LIFETIME_MS }) {
    this.session = session;
    this.id = id;
    this.peer = peer;
    this.outgoing = outgoing;
    this.video = video;
    /** The caller's offer, for the callee. */
    this.offer = offer;
    this.connection = null;
    this.media = null;
    /** The other side's tracks when they come in no stream. */
    this.remote = new MediaStream();
    /** Whether the other party knows of the call: the invite went out, or came in. */
    this.announced = !outgoing;
    /** Whether the gateway acked the invite or the answer: the candidates wait for it. */
    this.signalled = false;
    this.candidatesOut = [];
    this.candidatesIn = [];
    this.endSent = false;
    this.over = false;
    /**
     * Ends an invite nobody answered, should the gateway's `invite_timeout` not come (an error frame without
     * `call_id` refused the invite, say).
     */
    this.ringTimer = setTimeout(() => this.unanswered(), lifetime + RING_GRACE_MS);
    // The videos show once the camera is on, for video calls only.
    view.call.dataset.callMedia = 'none';
    view.remoteVideo.setAttribute('aria-label', `${peer}'s camera`);
  }

  async place() {
    showCall('calling', `Calling ${this.peer}…`, ['hangup'], null);
    try {
      await this.prepare();
      if (this.over) return;
      const offer = await this.connection.createOffer();
      await this.connection.setLocalDescription(offer);
      if (this.over) return;
      this.announced = this.signal('invite', { room: this.session.room, to: this.peer, sdp: describe(offer), lifetime: CALL_LIFETIME_MS });
      if (!this.announced) this.finish('connection_lost', 'Call failed: the page is not connected to the gateway (connection_lost)');
    } catch (error) {
      this.failed(error);
    }
  }

  ring() {
    showCall('ringing', `Ringing: ${this.peer} is calling${this.video ? '' : ' (audio only)'}`, ['answer', 'decline'], null);
  }

  async answer() {
    if (this.over || this.connection) return;
    clearTimeout(this.ringTimer);
    showCall('ringing', `Connecting to ${this.peer}…`, ['hangup']);
    try {
      await this.prepare();
      if (this.over) return;
      await this.connection.setRemoteDescription(this.offer);
      this.addCandidates([]);
      const answer = await this.connection.createAnswer();
      await this.connection.setLocalDescription(answer);
      if (!this.over && !this.signal('answer', { sdp: describe(answer) })) {
        this.finish('connection_lost', 'Call failed: the page is not connected to the gateway (connection_lost)');
      }
    } catch (error) {
      this.failed(error);
    }
  }

  decline() {
    if (this.over) return;
    this.signal('reject', {});
    this.finish('rejected', `You declined the call from ${this.peer}`);
  }

  hangUp(reason = 'user_hangup', words = 'Call ended: you hung up') {
    if (this.over) return;
    if (this.announced) this.signal('hangup', { reason });
    this.finish(reason, words);
  }

  /** The camera and microphone, the remote video, and the peer connection with the gateway's ICE servers. */
  async prepare() {
    const media = await localMedia(this.video);
    if (this.over) return stopMedia(media);
    this.media = media;
    view.localVideo.srcObject = media;
    view.call.dataset.callMedia = this.video ? 'video' : 'audio';
    const iceServers = await iceServersFor(this.session.token);
    if (this.over) return;
    const connection = new RTCPeerConnection({ iceServers });
    this.connection = connection;
    connection.onicecandidate = (event) => this.candidateFound(event.candidate);
    connection.ontrack = (event) => this.trackArrived(event);
    connection.onconnectionstatechange = () => this.connectionChanged();
    for (const track of media.getTracks()) connection.addTrack(track, media);
  }

  /**
   * A track from the other side: the remote video plays the stream it came in. The stream is given once it has a
   * track: a player given an empty stream does not start when an audio track is added to it later.
   */
  trackArrived(event) {
    const [stream] = event.streams;
    if (stream) {
      if (view.remoteVideo.srcObject !== stream) view.remoteVideo.srcObject = stream;
    } else {
      this.remote.addTrack(event.track);
      view.remoteVideo.srcObject = this.remote;
    }
  }

  /** Sends a call frame of `type` for this call; false when the socket is down. */
  signal(type, fields) {
    return this.session.transmit({ op: 'call', type, call_id: this.id, ...fields });
  }

  receive(frame) {
    switch (frame.type) {
      case 'answer': this.answered(frame.sdp); break;
      case 'candidates': this.addCandidates(Array.isArray(frame.candidates) ? frame.candidates : []); break;
      case 'hangup': this.finish(frame.reason ?? 'user_hangup', hangupWords(this, frame)); break;
      case 'reject': this.finish('rejected', frame.from === this.session.user
        ? `You declined the call from ${this.peer} in another tab (rejected)`
        : `Call declined: ${this.peer} declined the call (rejected)`); break;
    }
  }

  unanswered() {
    this.hangUp('invite_timeout', hangupWords(this, { reason: 'invite_timeout' }));
  }

  async answered(description) {
    if (!this.outgoing || !this.connection || this.connection.remoteDescription) return;
    clearTimeout(this.ringTimer);
    showCall('calling', `${this.peer} answered: connecting…`, ['hangup']);
    try {
      await this.connection.setRemoteDescription(description);
      this.addCandidates([]);
    } catch (error) {
      this.hangUp('bad_answer', `Call failed: ${this.peer}'s answer cannot be used here (${error.name})`);
    }
  }

  acked(ack) {
    if (ack.type !== 'invite' && ack.type !== 'answer') return;
    this.signalled = true;
    this.sendCandidates();
  }

  /** An error frame for one of the call's frames: a refused invite or answer ends the call, with the gateway's words. */
  refused(error) {
    const words = `Call refused: ${error.code} — ${error.message ?? 'the gateway gave no reason'}`;
    if (this.signalled) return say(words);
    if (!this.outgoing) this.signal('hangup', { reason: 'answer_refused' });
    this.finish(error.code ?? 'refused', words);
  }

  /** One of this side's ICE candidates, or their end (null): they go out once the gateway has the invite or answer. */
  candidateFound(candidate) {
    if (this.endSent) return;
    if (candidate == null || candidate.candidate === '') {
      this.endSent = true;
      this.candidatesOut.push({ candidate: '' });
    } else {
      this.candidatesOut.push({ candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
    }
    this.sendCandidates();
  }

  sendCandidates() {
    if (!this.signalled || this.over) return;
    while (this.candidatesOut.length > 0) this.signal('candidates', { candidates: this.candidatesOut.splice(0, CANDIDATES_PER_FRAME) });
  }

  /** The other side's candidates: kept until the connection has its remote description. */
  addCandidates(candidates) {
    this.candidatesIn.push(...candidates);
    if (!this.connection?.remoteDescription) return;
    for (const candidate of this.candidatesIn.splice(0)) {
      this.connection.addIceCandidate(candidate).catch(() => { /* one unusable candidate: the others may do */ });
    }
  }

  /** "Connected" only while WebRTC says so; a lost connection that does not come back ends the call. */
  connectionChanged() {
    if (this.over) return;
    const waiting = this.outgoing ? 'calling' : 'ringing';
    switch (this.connection.connectionState) {
      case 'connected': showCall('connected', `In call with ${this.peer}`, ['hangup']); break;
      case 'disconnected': showCall(waiting, `The connection to ${this.peer} was interrupted: trying to restore it…`, ['hangup']); break;
      case 'failed': this.hangUp('ice_failed', `Call ended: the connection to ${this.peer} failed (ice_failed)`); break;
    }
  }

  failed(error) {
    const name = error?.name ?? 'Error';
    const what = {
      NotAllowedError: 'the browser may not use the microphone or camera',
      NotFoundError: 'there is no microphone',
      NotReadableError: 'the microphone or camera is in use elsewhere',
    }[name] ?? (error?.message || 'the browser could not set up the call');
    this.hangUp('media_failed', `Call failed: ${what} (${name})`);
  }

  /** Ends the call here: the devices are released and the panel says why, with `reason` on it for tests. */
  finish(reason, words) {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.ringTimer);
    stopMedia(this.media);
    this.connection?.close();
    view.localVideo.srcObject = null;
    view.remoteVideo.srcObject = null;
    if (this.session.call === this) this.session.call = null;
    showCall('ended', words, ['close'], reason);
  }
}

/** What the page says when the other party or the gateway (no `from`) hangs up. */
function hangupWords(call, frame) {
  const reason = frame.reason ?? 'user_hangup';
  const peer = call.peer;
  if (frame.from === call.session.user) return `You ended this call in another tab (${reason})`;
  if (frame.from != null) {
    if (reason === 'user_hangup') return `Call ended: ${peer} hung up`;
    if (reason === 'user_busy') return `${peer} is busy in another call (user_busy)`;
    return `Call ended: ${peer} hung up (${reason})`;
  }
  const byGateway = {
    invite_timeout: call.outgoing ? `No answer from ${peer} (invite_timeout)` : `Missed call from ${peer} (invite_timeout)`,
    banned: 'Call ended: the gateway ended the call after a ban (banned)',
    muted: 'Call ended: the gateway ended the call after a mute (muted)',
    user_disconnected: `Call ended: ${peer}'s connection to the gateway closed (user_disconnected)`,
    ended_by_moderator: 'Call ended by a moderator (ended_by_moderator)',
    answered_elsewhere: 'You answered this call in another tab (answered_elsewhere)',
  };
  return byGateway[reason] ?? `Call ended: the gateway ended the call (${reason})`;
}

/** The camera and microphone, or the microphone alone when there is no camera to have. */
async function localMedia(video) {
  if (video) {
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    } catch {
      // No camera, or not allowed: the microphone alone, which says why when it fails too.
    }
  }
  return navigator.mediaDevices.getUserMedia({ audio: true });
}

function stopMedia(stream) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The STUN and TURN servers the gateway names (`GET /v1/calls/ice-servers`); none when it cannot say. */
async function iceServersFor(token) {
  try {
    const response = await fetch('/v1/calls/ice-servers', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (!response.ok) return [];
    const body = await response.json();
    return Array.isArray(body.iceServers) ? body.iceServers : [];
  } catch {
    return [];
  }
}

/** A session description as the frames carry it. */
function describe(description) {
  return { type: description.type, sdp: description.sdp };
}

/** The token's claims (sub: the user id, exp), read without checking: the gateway checks it. */
function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(part + '='.repeat((4 - part.length % 4) % 4));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

function newClientID() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function messageItem(message, own) {
  const item = element('li', own ? 'msg own' : 'msg');
  if (message.id != null) item.dataset.id = message.id;
  if (message.seq != null) item.dataset.seq = message.seq;
  const meta = element('p', 'meta');
  meta.append(element('span', 'user', message.user), own ? element('span', 'you', ' (you)') : '');
  const sent = new Date(message.ts * 1000);
  const time = element('time', 'time', timeOfDay.format(sent));
  time.dateTime = sent.toISOString();
  time.title = sent.toLocaleString();
  meta.append(' ', time);
  item.append(meta, element('p', 'text', message.text));
  return item;
}

/** Marks an item with its fate: a word in the item (not only a colour) and, when given, a sentence below it. */
function setFate(item, fate, label, note) {
  item.dataset.fate = fate;
  let badge = item.querySelector('.fate');
  if (!badge) {
    badge = element('span', 'fate');
    item.querySelector('.meta').append(' ', badge);
  }
  badge.textContent = label;
  let line = item.querySelector('.fate-note');
  if (note == null) {
    line?.remove();
    return;
  }
  if (!line) {
    line = element('p', 'fate-note');
    item.append(line);
  }
  line.textContent = note;
}

/** The sender's own message as the room got it: when rules redacted it, what others see is the text shown. */
function describeRedaction(item, sentText, reason) {
  if (item.querySelector('.text').textContent === sentText) return;
  const approved = item.dataset.fate === 'approved' ? 'A moderator approved it. ' : '';
  setFate(item, 'redacted', 'Redacted', `${approved}Others see the text above.${reason ? ` ${reason}` : ''}`);
}

function append(item, scroll) {
  const log = view.log;
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  view.messages.append(item);
  while (view.messages.children.length > MAX_SHOWN) {
    const oldest = view.messages.firstElementChild;
    session?.shown.delete(Number(oldest.dataset.id));
    oldest.remove();
  }
  view.empty.hidden = true;
  if (scroll || atBottom) log.scrollTop = log.scrollHeight;
}

function setConnection(state, text) {
  view.connection.dataset.state = state;
  view.connection.textContent = text;
}

/** A sentence for the user under the message box, read out by screen readers. */
function say(text) {
  view.notice.textContent = text;
}

/** Lists `people` by name, each with its call buttons; an item already shown stays, so that its focus does too. */
function showPeople(people) {
  for (const item of Array.from(view.peopleList.children)) if (!people.has(item.dataset.user)) item.remove();
  const shown = new Set(Array.from(view.peopleList.children, (item) => item.dataset.user));
  for (const name of people) {
    if (shown.has(name)) continue;
    const next = Array.from(view.peopleList.children).find((item) => item.dataset.user.localeCompare(name) > 0);
    view.peopleList.insertBefore(personItem(name), next ?? null);
  }
  view.peopleEmpty.hidden = people.size > 0;
}

function personItem(name) {
  const item = element('li', 'person');
  item.dataset.user = name;
  item.append(element('span', 'name', name),
    callButton(name, 'video', 'Call', `Call ${name}, with video`), callButton(name, 'audio', 'Audio only', `Audio only call to ${name}`));
  return item;
}

function callButton(name, kind, text, label) {
  const button = element('button', 'quiet', text);
  button.type = 'button';
  button.dataset.call = kind;
  button.setAttribute('aria-label', label);
  button.disabled = callUnderWay();
  button.addEventListener('click', () => session?.placeCall(name, kind === 'video'));
  return button;
}

function callUnderWay() {
  return ['calling', 'ringing', 'connected'].includes(view.call.dataset.callState);
}

/**
 * Shows the call panel in `state` (idle hides it) with a sentence in words and only the buttons that fit; `reason`,
 * when given, is the code of how the last call ended (null clears it). A focused button that goes keeps the focus
 * in the panel.
 */
function showCall(state, words, buttons, reason) {
  const focused = document.activeElement;
  view.call.dataset.callState = state;
  if (reason === null) delete view.call.dataset.callReason;
  else if (reason !== undefined) view.call.dataset.callReason = reason;
  view.call.hidden = state === 'idle';
  view.callStatus.textContent = words;
  const all = { answer: view.callAnswer, decline: view.callDecline, hangup: view.callHangup, close: view.callClose };
  for (const [name, button] of Object.entries(all)) button.hidden = !buttons.includes(name);
  if (view.call.contains(focused) && focused.hidden) all[buttons[0]]?.focus();
  for (const button of view.peopleList.querySelectorAll('button')) button.disabled = callUnderWay();
}

function showJoin(room, note) {
  view.join.hidden = false;
  view.joinRoom.value = room ?? view.joinRoom.value;
  view.joinNote.textContent = note ?? '';
  (view.joinRoom.value ? view.joinToken : view.joinRoom).focus();
}

/** Shows `room` with `token` from the start: a new session. */
function enter(room, token) {
  session?.end();
  session = new Session(room, token);
  view.join.hidden = true;
  view.chat.hidden = false;
  view.leave.hidden = false;
  view.where.hidden = false;
  view.where.textContent = `#${room}`;
  view.roomTitle.textContent = `Messages in ${room}`;
  view.messageLabel.textContent = `Message to ${room}`;
  view.messages.replaceChildren();
  view.empty.hidden = false;
  view.peopleList.replaceChildren();
  view.peopleEmpty.hidden = false;
  showCall('idle', '', [], null);
  view.message.disabled = false;
  view.send.disabled = false;
  say('');
  document.title = `${room} · ModGate chat`;
  view.message.focus();
  session.connect();
}

/** The fragment's room and token, as in #room=lobby&token=... */
function fromFragment() {
  const fields = new URLSearchParams(location.hash.slice(1));
  return { room: fields.get('room') ?? '', token: fields.get('token') ?? '' };
}

function follow() {
  const { room, token } = fromFragment();
  if (ROOM.test(room) && token) {
    if (session && session.room === room && session.token === token) return;
    enter(room, token);
  } else {
    session?.end();
    session = null;
    view.chat.hidden = true;
    showJoin(room, room && !ROOM.test(room) ? 'That room name cannot be used: letters, digits, dots, dashes, underscores and colons only.' : null);
  }
}

view.join.addEventListener('submit', (event) => {
  event.preventDefault();
  const room = view.joinRoom.value.trim();
  const token = view.joinToken.value.trim();
  if (!ROOM.test(room) || !token) return;
  history.replaceState(null, '', `#${new URLSearchParams({ room, token })}`);
  view.joinToken.value = '';
  if (session && session.stopped === 'token' && session.room === room) {
    view.join.hidden = true;
    view.message.focus();
    session.resumeWith(token);
  } else {
    enter(room, token);
  }
});

view.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.message.value;
  if (!session || !text.trim()) return;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_TEXT_BYTES) {
    say(`That message is ${bytes} bytes long; the limit is ${MAX_TEXT_BYTES}.`);
    return;
  }
  say('');
  session.send(text);
  view.message.value = '';
});

view.message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    view.composer.requestSubmit();
  }
});

view.leave.addEventListener('click', () => {
  const token = session?.token ?? '';
  session?.end();
  session = null;
  history.replaceState(null, '', location.pathname);
  view.joinToken.value = token;
  setConnection('idle', 'Not connected');
  view.chat.hidden = true;
  view.leave.hidden = true;
  view.where.hidden = true;
  showJoin(null, null);
});

view.callAnswer.addEventListener('click', () => session?.call?.answer());
view.callDecline.addEventListener('click', () => session?.call?.decline());
view.callHangup.addEventListener('click', () => session?.call?.hangUp());
view.callClose.addEventListener('click', () => {
  showCall('idle', '', []);
  view.message.focus();
});

window.addEventListener('hashchange', follow);
window.addEventListener('online', () => { if (session && !session.socket && !session.stopped) session.connect(); });
follow();
