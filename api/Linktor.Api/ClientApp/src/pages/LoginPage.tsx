import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title, Text } from '@mantine/core';
import { ApiError, login } from '../api/session';

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password, tenant.trim() || undefined);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : err instanceof Error ? err.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center h="100vh" className="login">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
        <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
          <Stack>
            <div>
              <Title order={1} size="h2">Linktor</Title>
              <Text c="dimmed" size="sm">Sign in to the inbox</Text>
            </div>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            <TextInput label="Workspace" description="Only if your email is in several workspaces (e.g. demo)" placeholder="optional" value={tenant} onChange={(e) => setTenant(e.currentTarget.value)} />
            <Button type="submit" loading={busy} fullWidth>Sign in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
