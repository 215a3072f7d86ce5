import type { Outgoing } from './connection.ts';

type Role = 'offerer' | 'answerer';

interface Pair {
  /** I watch them: I offer, they answer with their camera. */
  offerer?: RTCPeerConnection;
  /** They watch me: they offer, I answer with my camera. */
  answerer?: RTCPeerConnection;
}

export interface WebcamHooks {
  send(msg: Outgoing): void;
  /** Their camera is showing for me. */
  onFeed(username: string, stream: MediaStream): void;
  /** A camera I was watching has gone. */
  onFeedClosed(username: string): void;
  /** Whether I still accept this viewer (not booted, not blocked). */
  acceptsViewer(username: string): boolean;
}

/**
 * WebRTC for the room: one peer connection per direction and partner, signalled through the
 * server's `open`/`ring`/`sdp`/`candidate` relays (docs/protocol.md#open, docs/protocol.md#webrtc-signalling). Candidates carry the
 * sender's role so a pair watching each other both ways keeps the two negotiations apart.
 */
export class Webcams {
  private local: MediaStream | undefined;
  private readonly pairs = new Map<string, Pair>();

  constructor(
    private readonly iceServers: RTCIceServer[],
    private readonly hooks: WebcamHooks,
  ) {}

  async startCamera(): Promise<MediaStream> {
    try {
      this.local = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch {
      // No microphone (or it was refused): broadcast the picture alone.
      this.local = await navigator.mediaDevices.getUserMedia({ video: true });
    }
    return this.local;
  }

  stopCamera(): void {
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.local = undefined;
    for (const username of this.pairs.keys()) this.dropViewer(username);
  }

  setMicMuted(muted: boolean): void {
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  /** The server accepted my `open`: offer to receive their camera. */
  async watch(username: string): Promise<void> {
    this.closeRole(username, 'offerer');
    const pc = this.create(username, 'offerer');
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.ontrack = (evt) => {
      const stream = evt.streams[0] ?? new MediaStream([evt.track]);
      this.hooks.onFeed(username, stream);
    };
    await pc.setLocalDescription(await pc.createOffer());
    this.hooks.send({ action: 'sdp', username, description: JSON.stringify(pc.localDescription) });
  }

  /** Someone opened my camera: get ready to answer their offer. */
  ring(username: string): void {
    if (!this.local || !this.hooks.acceptsViewer(username)) return;
    this.closeRole(username, 'answerer');
    this.create(username, 'answerer');
  }

  async sdp(username: string, description: string): Promise<void> {
    const desc = JSON.parse(description) as RTCSessionDescriptionInit;
    if (desc.type === 'offer') {
      const pc = this.pairs.get(username)?.answerer;
      if (!pc || !this.local) return;
      await pc.setRemoteDescription(desc);
      for (const track of this.local.getTracks()) pc.addTrack(track, this.local);
      await pc.setLocalDescription(await pc.createAnswer());
      this.hooks.send({ action: 'sdp', username, description: JSON.stringify(pc.localDescription) });
    } else if (desc.type === 'answer') {
      await this.pairs.get(username)?.offerer?.setRemoteDescription(desc);
    }
  }

  async candidate(username: string, candidate: string): Promise<void> {
    const { role, ...init } = JSON.parse(candidate) as RTCIceCandidateInit & { role?: Role };
    const pair = this.pairs.get(username);
    // Their offerer talks to my answerer and the other way round; untagged ones go where one exists.
    const pc = role === 'offerer' ? pair?.answerer : role === 'answerer' ? pair?.offerer : (pair?.offerer ?? pair?.answerer);
    if (!pc) return;
    try {
      await pc.addIceCandidate(init);
    } catch (err) {
      console.debug('ICE candidate refused', err);
    }
  }

  /** Stop watching their camera. */
  hangUp(username: string): void {
    if (this.closeRole(username, 'offerer')) this.hooks.onFeedClosed(username);
  }

  /** Stop sending my camera to them (boot, block, they left). */
  dropViewer(username: string): void {
    this.closeRole(username, 'answerer');
  }

  /** Forget everything with this user (they left the room). */
  forget(username: string): void {
    this.hangUp(username);
    this.dropViewer(username);
  }

  isWatching(username: string): boolean {
    return !!this.pairs.get(username)?.offerer;
  }

  private create(username: string, role: Role): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const pair = this.pairs.get(username) ?? {};
    pair[role] = pc;
    this.pairs.set(username, pair);
    pc.onicecandidate = (evt) => {
      if (evt.candidate)
        this.hooks.send({ action: 'candidate', username, candidate: JSON.stringify({ ...evt.candidate.toJSON(), role }) });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        if (role === 'offerer') this.hangUp(username);
        else this.dropViewer(username);
      }
    };
    return pc;
  }

  private closeRole(username: string, role: Role): boolean {
    const pair = this.pairs.get(username);
    const pc = pair?.[role];
    if (!pair || !pc) return false;
    delete pair[role];
    if (!pair.offerer && !pair.answerer) this.pairs.delete(username);
    pc.onconnectionstatechange = null;
    pc.close();
    return true;
  }
}
