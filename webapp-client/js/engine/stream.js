/**
 * The SDK's game stream, for any game's session: opening it (behind the client-side network simulator), the
 * welcome timeout, the pings once welcomed, closing it quietly, reporting a close, and following the room to
 * another node (MOVED). Functions of a game's session object, whose fields they keep: ws, decoder, awaitingFull,
 * streamWelcomed, opening, welcomeTimer, pingTimer, stallTimer, heardAt. The session provides: createDecoder() (its game's snapshot
 * decoder for a new stream), receive(data), sendPing(), netsimProfile(), hud, controls (with clear()), ended,
 * toUrl, onDrop, and the counters moves, moveFrom, lastSnapshotAt, pendingInputs.
 */

import { encodePing, encodeView } from './wire.js';
import { SimulatedSocket, parseNetProfile, netsimLabel } from './netsim.js';
import { closeText } from './messages.js';

const WELCOME_TIMEOUT_MS = 10000;
const PING_INTERVAL_MS = 1000;
/**
 * A welcomed stream from which nothing came for this long is stalled (a network lost without a close: the
 * browser would wait for TCP to give up): it is dropped and reported like a close, so the page says
 * "reconnecting" and resumes. Snapshots come 30-60 times a second and the server answers the pings sent every
 * second, so only a dead path is this quiet.
 */
export const STALL_MS = 1500;
const STALL_CHECK_MS = 250;

/** Whether the window is taller than wide. */
export function portraitWindow(win = globalThis.window) {
  return Boolean(win && win.innerHeight > win.innerWidth);
}

/**
 * Tells the server the shape of the session's view (VIEW: landscape or portrait; the session's viewPortrait(), else
 * the window's) when it differs from what this stream last said (a new stream starts as landscape).
 */
export function sendViewShape(session) {
  const portrait = session.viewPortrait ? session.viewPortrait() : portraitWindow();
  if (session.viewSent === portrait) return;
  if (sendFrame(session, encodeView(portrait))) session.viewSent = portrait;
}

/** The client-side simulator's profile for a spec (the page's setting), null when off or invalid. */
export function netsimProfileOf(spec) {
  if (!spec) return null;
  try {
    return parseNetProfile(spec);
  } catch {
    return null;
  }
}

/**
 * Opens a new stream for the session (closing the current one quietly): resolves on its WELCOME with
 * {resumed}, rejects with {code, reason, message} when it closes or stays silent before that.
 */
export function openStream(session, url) {
  if (session.ended) return Promise.reject({ code: null, reason: '', message: 'The session has ended.' });
  dropStream(session);
  session.pendingInputs = []; // numbered for the old stream; the new one starts from the seat's acknowledged state
  session.sender?.reset(); // a sending-on-change game: the new stream's first input goes at once
  return new Promise((resolve, reject) => {
    const ws = new SimulatedSocket(new WebSocket(url), {
      profile: session.netsimProfile(), seed: Math.floor(Math.random() * 2 ** 32),
    });
    ws.binaryType = 'arraybuffer';
    session.ws = ws;
    session.decoder = session.createDecoder();
    session.awaitingFull = false;
    session.streamWelcomed = false;
    session.viewSent = false; // the server takes a new stream's view as landscape
    session.opening = { resolve, reject };
    // the client speaks first: the server sends WELCOME only after our first frame (docs/protocol.md)
    ws.onopen = () => {
      if (session.ws === ws) ws.send(encodePing(performance.now()));
    };
    ws.onmessage = (ev) => {
      if (session.ws !== ws) return;
      session.heardAt = Date.now();
      session.receive(ev.data);
    };
    ws.onclose = (ev) => {
      if (session.ws !== ws || session.ended) return;
      streamClosed(session, { code: ev.code, reason: ev.reason, message: closeText(ev.code, ev.reason) });
    };
    clearTimeout(session.welcomeTimer);
    session.welcomeTimer = setTimeout(() => {
      if (session.ws !== ws || session.streamWelcomed) return;
      dropStream(session);
      streamClosed(session, { code: null, reason: '', message: 'The game server did not answer in time.' });
    }, WELCOME_TIMEOUT_MS);
  });
}

/**
 * The current stream has sent its WELCOME: stops the welcome timeout, starts the pings and resolves the
 * openStream() waiting for it with {resumed}.
 */
export function streamWelcomed(session, resumed) {
  session.streamWelcomed = true;
  clearTimeout(session.welcomeTimer);
  clearInterval(session.pingTimer);
  session.hud.setConnecting(null);
  session.sendPing();
  session.pingTimer = setInterval(() => session.sendPing(), PING_INTERVAL_MS);
  session.heardAt = Date.now();
  clearInterval(session.stallTimer);
  session.stallTimer = setInterval(() => checkStall(session), STALL_CHECK_MS);
  sendViewShape(session);
  const opening = session.opening;
  session.opening = null;
  opening?.resolve({ resumed });
}

/** A welcomed stream that stayed silent for STALL_MS is dropped and reported as a drop (the page resumes). */
export function checkStall(session) {
  if (!session.streamWelcomed || !session.ws || session.ended) return;
  const silentMs = Date.now() - session.heardAt;
  if (silentMs <= STALL_MS) return;
  dropStream(session, 'stalled');
  session.controls.clear();
  session.onDrop?.({
    code: null, reason: '', stalled: true,
    message: `Nothing came from the game server for ${(silentMs / 1000).toFixed(1)} s: reconnecting.`,
  });
}

/** The current stream is gone: fails the openStream() waiting for it, or reports the drop of a working stream. */
export function streamClosed(session, info) {
  const wasWelcomed = session.streamWelcomed;
  session.ws = null;
  session.streamWelcomed = false;
  clearInterval(session.pingTimer);
  clearInterval(session.stallTimer);
  clearTimeout(session.welcomeTimer);
  session.controls.clear();
  const opening = session.opening;
  session.opening = null;
  if (opening) opening.reject(info);
  else if (wasWelcomed) session.onDrop?.(info);
}

/** Closes the current stream without reporting anything (superseded, timed out, given up or ended). */
export function dropStream(session, reason = 'client closing') {
  const ws = session.ws;
  session.ws = null;
  session.streamWelcomed = false;
  clearInterval(session.pingTimer);
  clearInterval(session.stallTimer);
  if (!ws) return;
  ws.onopen = ws.onmessage = ws.onclose = null;
  if (ws.readyState <= 1) {
    try { ws.close(1000, reason); } catch { /* already closed */ }
  }
}

/** The session ends: closes the stream (reason 'leave' when the player left) and fails an openStream() waiting. */
export function endStream(session, { left = false } = {}) {
  dropStream(session, left ? 'leave' : 'client closing');
  clearTimeout(session.welcomeTimer);
  const opening = session.opening;
  session.opening = null;
  if (opening) opening.reject({ code: null, reason: '', message: 'The session has ended.', ended: true });
}

/** Sends a frame on the current stream if it is open; returns whether it went. */
export function sendFrame(session, frame) {
  if (session.ws?.readyState !== 1) return false;
  session.ws.send(frame);
  return true;
}

/**
 * The room moved to another node (its node is stopping): open the stream there at once, with the ticket to
 * the same seat; the old stream is closed. If that fails, it is a drop like any other (the lobby resumes).
 * Without toUrl the session waits for the server's close (4007), which is a drop too.
 */
export function followMove(session, gamePath) {
  if (!session.toUrl || typeof gamePath !== 'string') return;
  session.moves++;
  session.moveFrom = session.lastSnapshotAt;
  openStream(session, session.toUrl(gamePath)).catch((info) => {
    if (!session.ended && !info?.ended) session.onDrop?.(info);
  });
}

/**
 * Shows a session's game screen and opens its first stream: the HUD in the game's look (`look`, null for the arena's;
 * hud.js `setGameLook`), reset for the room, the simulator's label, the controls attached and the frame loop
 * started (`session.frame`). Same promise as openStream().
 */
export function startSession(session, url, look) {
  session.hud.setGameLook?.(look);
  session.hud.reset(session.room?.name ?? '');
  session.hud.setNetsim(netsimLabel(session.netsimProfile()));
  session.controls.attach();
  session.raf = requestAnimationFrame(session.frame);
  session.onViewResize = () => sendViewShape(session); // a phone turned: the server turns the area it sends
  globalThis.addEventListener?.('resize', session.onViewResize);
  return openStream(session, url);
}

/** Ends a session for good, once: stops the frames and the controls, closes the stream, then onEnd(info). */
export function endSession(session, info) {
  if (session.ended) return;
  session.ended = true;
  cancelAnimationFrame(session.raf);
  if (session.onViewResize) globalThis.removeEventListener?.('resize', session.onViewResize);
  session.controls.detach();
  endStream(session, info);
  session.onEnd(info);
}
