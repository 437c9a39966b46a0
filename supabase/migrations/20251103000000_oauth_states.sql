-- Pending "Connect Outlook" flows (guide §1): one row per /authorize, bound to the
-- user and the session that started it, single-use, valid for 10 minutes.
-- The state itself is stored only as a SHA-256 hash; the PKCE code_verifier is
-- encrypted (AES-256-GCM, TOKEN_ENCRYPTION_KEY). Only the service connection
-- reads this table (RLS on, no policies).

create table if not exists public.oauth_states (
  state_hash text primary key,
  user_id text not null,
  session_hash text not null,
  code_verifier text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index if not exists oauth_states_user_idx on public.oauth_states (user_id);
create index if not exists oauth_states_expires_idx on public.oauth_states (expires_at);

alter table public.oauth_states enable row level security;
grant all on public.oauth_states to service_role;
