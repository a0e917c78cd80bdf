import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type IRetryPolicy, type RetryContext } from '@microsoft/signalr';
import { session } from '../api/session';
import type { Message } from '../api/types';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Backoff with jitter, forever: 0.5 s doubling to 15 s. An agent's inbox should come back on its own. */
export const backoff: IRetryPolicy = {
  nextRetryDelayInMilliseconds(ctx: RetryContext) {
    const base = Math.min(15_000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5));
    return base / 2 + Math.random() * (base / 2);
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SignalR types handlers loosely
type Handler = (...args: any[]) => void;

/**
 * The agent's connection to /hubs/inbox. Reconnects with backoff; when the automatic reconnects give up
 * or the first start fails, keeps trying on a timer (and at once when the browser comes back online).
 * Subscribers to "reconnected" resync what they show.
 */
export class InboxConnection {
  readonly hub: HubConnection;
  private statusListeners = new Set<(s: ConnectionStatus) => void>();
  private reconnectedListeners = new Set<() => void>();
  private joined = new Set<string>();
  private connectedWaiters: (() => void)[] = [];
  private status: ConnectionStatus = 'connecting';
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;

  constructor(url = '/hubs/inbox') {
    this.hub = new HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory: async () => (await session.freshToken()) ?? '' })
      .withAutomaticReconnect(backoff)
      .withServerTimeout(20_000)
      .withKeepAliveInterval(5_000)
      .configureLogging(LogLevel.Warning)
      .build();
    this.hub.onreconnecting(() => this.setStatus('reconnecting'));
    this.hub.onreconnected(() => void this.afterReconnect());
    this.hub.onclose(() => {
      if (!this.stopped) {
        this.setStatus('offline');
        this.scheduleStart();
      }
    });
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  get current(): ConnectionStatus { return this.status; }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.hub.state !== HubConnectionState.Disconnected) return;
    try {
      this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
      await this.hub.start();
      const wasRetry = this.attempt > 0;
      this.attempt = 0;
      // Views may have joined conversations while the connection was still starting: join them now.
      await this.joinAll();
      this.setStatus('connected');
      if (wasRetry) for (const l of this.reconnectedListeners) l();
    } catch {
      this.setStatus('offline');
      this.scheduleStart();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    await this.hub.stop();
  }

  on<T>(event: string, handler: (data: T) => void): () => void {
    const h = handler as unknown as Handler;
    this.hub.on(event, h);
    return () => this.hub.off(event, h);
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onReconnected(listener: () => void): () => void {
    this.reconnectedListeners.add(listener);
    return () => this.reconnectedListeners.delete(listener);
  }

  /** Joins the conversation's group; resolves once joined (waiting for the connection if it is not up yet). */
  async join(conversationId: string): Promise<void> {
    this.joined.add(conversationId);
    if (this.hub.state !== HubConnectionState.Connected || this.status !== 'connected') {
      await new Promise<void>((resolve) => this.connectedWaiters.push(resolve));
    }
    if (this.joined.has(conversationId)) await this.hub.invoke('JoinConversation', conversationId);
  }

  async leave(conversationId: string): Promise<void> {
    this.joined.delete(conversationId);
    if (this.hub.state === HubConnectionState.Connected) await this.hub.invoke('LeaveConversation', conversationId).catch(() => {});
  }

  /** Every message after afterSeq (the hub answers up to 1000 at a time). */
  async resync(conversationId: string, afterSeq: number): Promise<Message[]> {
    const all: Message[] = [];
    for (let from = afterSeq; ;) {
      const page = await this.hub.invoke<Message[]>('Resync', conversationId, from);
      all.push(...page);
      if (page.length < 1000) return all;
      from = page[page.length - 1]!.seq;
    }
  }

  typing(conversationId: string, isTyping: boolean) {
    if (this.hub.state === HubConnectionState.Connected) void this.hub.invoke('Typing', conversationId, isTyping).catch(() => {});
  }

  markRead(conversationId: string, seq: number) {
    if (this.hub.state === HubConnectionState.Connected) void this.hub.invoke('MarkRead', conversationId, seq).catch(() => {});
  }

  private async afterReconnect() {
    // A new connection has no groups: join again, then let the views fetch what they missed.
    await this.joinAll();
    this.setStatus('connected');
    for (const l of this.reconnectedListeners) l();
  }

  private joinAll() {
    return Promise.all([...this.joined].map((id) => this.hub.invoke('JoinConversation', id).catch(() => {})));
  }

  private scheduleStart() {
    clearTimeout(this.retryTimer);
    const delay = backoff.nextRetryDelayInMilliseconds({ previousRetryCount: this.attempt++, elapsedMilliseconds: 0, retryReason: new Error('closed') }) ?? 5000;
    this.retryTimer = setTimeout(() => void this.start(), delay);
  }

  private onOnline = () => {
    if (this.hub.state === HubConnectionState.Disconnected && !this.stopped) {
      clearTimeout(this.retryTimer);
      void this.start();
    }
  };

  private onOffline = () => this.setStatus(this.hub.state === HubConnectionState.Connected ? 'connected' : 'offline');

  private setStatus(s: ConnectionStatus) {
    if (s === 'connected') for (const resolve of this.connectedWaiters.splice(0)) resolve();
    if (this.status === s) return;
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
}
