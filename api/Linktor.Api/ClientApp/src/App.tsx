import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { NavLink as RouterLink, Navigate, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Text } from '@mantine/core';
import { logout, session } from './api/session';
import { InboxConnection } from './realtime/connection';
import { RealtimeProvider, useConnectionStatus } from './realtime/context';
import { LoginPage } from './pages/LoginPage';
import { InboxPage } from './pages/InboxPage';
import { ChannelsPage } from './pages/admin/ChannelsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { ApiKeysPage } from './pages/admin/ApiKeysPage';
import { CannedResponsesPage } from './pages/admin/CannedResponsesPage';
import { WebhooksPage } from './pages/admin/WebhooksPage';
import { WebhookDeliveriesPage } from './pages/admin/WebhookDeliveriesPage';

const useSession = () => useSyncExternalStore((cb) => session.subscribe(cb), () => session.current);

export function App() {
  const current = useSession();
  const navigate = useNavigate();
  if (!current) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage onSignedIn={() => navigate('/', { replace: true })} />} />
      </Routes>
    );
  }
  return <SignedIn key={current.user.id} />;
}

function SignedIn() {
  const current = useSession()!;
  const qc = useQueryClient();
  const connection = useMemo(() => new InboxConnection(), []);

  useEffect(() => {
    void connection.start();
    return () => void connection.stop();
  }, [connection]);

  // Keep the access token fresh in the background, so a reconnect never presents an expired one.
  useEffect(() => {
    const timer = setInterval(() => void session.freshToken(), 30_000);
    return () => clearInterval(timer);
  }, []);

  const signOut = async () => {
    await connection.stop();
    await logout();
    qc.clear();
  };

  const me = current.user;
  const isAdmin = me.role === 'admin';
  return (
    <RealtimeProvider connection={connection}>
      <div className="shell">
        <header className="topbar">
          <Group gap="lg" wrap="nowrap">
            <Text fw={800} c="indigo.7" size="lg">Linktor</Text>
            <nav aria-label="Main" className="mainnav">
              <RouterLink to="/" end>Inbox</RouterLink>
              <RouterLink to="/canned-responses">Canned responses</RouterLink>
              {isAdmin && <RouterLink to="/admin/channels">Channels</RouterLink>}
              {isAdmin && <RouterLink to="/admin/users">Users</RouterLink>}
              {isAdmin && <RouterLink to="/admin/api-keys">API keys</RouterLink>}
              {isAdmin && <RouterLink to="/admin/webhooks">Webhooks</RouterLink>}
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ConnectionBadge />
            <Text size="sm" c="dimmed" visibleFrom="sm">{me.name}</Text>
            <Button size="xs" variant="default" onClick={() => void signOut()}>Sign out</Button>
          </Group>
        </header>
        <main className="main">
          <Routes>
            <Route path="/" element={<InboxPage meId={me.id} />} />
            <Route path="/conversations/:id" element={<InboxPage meId={me.id} />} />
            <Route path="/canned-responses" element={<CannedResponsesPage isAdmin={isAdmin} />} />
            {isAdmin && <Route path="/admin/channels" element={<ChannelsPage />} />}
            {isAdmin && <Route path="/admin/users" element={<UsersPage meId={me.id} />} />}
            {isAdmin && <Route path="/admin/api-keys" element={<ApiKeysPage />} />}
            {isAdmin && <Route path="/admin/webhooks" element={<WebhooksPage />} />}
            {isAdmin && <Route path="/admin/webhooks/:id" element={<WebhookDeliveriesRoute />} />}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </main>
      </div>
    </RealtimeProvider>
  );
}

function WebhookDeliveriesRoute() {
  const { id } = useParams();
  return <WebhookDeliveriesPage key={id} webhookId={id!} />;
}

const LABELS = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;
const COLORS = { connecting: 'gray', connected: 'green', reconnecting: 'orange', offline: 'red' } as const;

function ConnectionBadge() {
  const status = useConnectionStatus();
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  const shown = !online && status === 'connected' ? 'reconnecting' : status;
  return (
    <Badge color={COLORS[shown]} variant="dot" role="status" aria-label={`Connection: ${shown}`} data-connection={shown}>
      {LABELS[shown]}
    </Badge>
  );
}
