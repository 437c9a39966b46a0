-- public.vault_create_secret / vault_update_secret / vault_get_secret (guide §4).
-- On Supabase they delegate to Supabase Vault. Elsewhere the secret is stored in
-- planner_secrets, encrypted with pgcrypto (pgp_sym_encrypt, AES-256) under the key
-- the server puts in the `app.token_encryption_key` setting of its connection
-- (derived from TOKEN_ENCRYPTION_KEY). A stored secret is never plaintext.

create table if not exists public.planner_secrets (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text,
  ciphertext bytea not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.planner_secrets enable row level security;
-- No policies: end users reach none of it; only the service connection does.

drop trigger if exists planner_secrets_set_updated_at on public.planner_secrets;
create trigger planner_secrets_set_updated_at before update on public.planner_secrets
  for each row execute function public.set_updated_at();

create or replace function public.planner_secret_key()
returns text
language plpgsql
stable
as $$
declare k text := nullif(current_setting('app.token_encryption_key', true), '');
begin
  if k is null then
    raise exception 'app.token_encryption_key is not set: the server must configure TOKEN_ENCRYPTION_KEY'
      using errcode = '22023';
  end if;
  return k;
end
$$;

create or replace function public.vault_create_secret(secret text, name text default null, description text default null)
returns uuid
language plpgsql
as $$
declare new_id uuid;
begin
  if secret is null then
    raise exception 'vault_create_secret: secret must not be null' using errcode = '22004';
  end if;
  if to_regnamespace('vault') is not null then
    execute 'select vault.create_secret($1, $2, $3)' into new_id using secret, name, description;
    return new_id;
  end if;
  insert into public.planner_secrets (name, description, ciphertext)
  values (name, description, pgp_sym_encrypt(secret, public.planner_secret_key()))
  returning id into new_id;
  return new_id;
end
$$;

create or replace function public.vault_update_secret(secret_id uuid, new_secret text)
returns void
language plpgsql
as $$
begin
  if new_secret is null then
    raise exception 'vault_update_secret: secret must not be null' using errcode = '22004';
  end if;
  if to_regnamespace('vault') is not null then
    execute 'select vault.update_secret($1, $2)' using secret_id, new_secret;
    return;
  end if;
  update public.planner_secrets
     set ciphertext = pgp_sym_encrypt(new_secret, public.planner_secret_key())
   where id = secret_id;
  if not found then
    raise exception 'vault_update_secret: no secret %', secret_id using errcode = 'P0002';
  end if;
end
$$;

create or replace function public.vault_get_secret(secret_id uuid)
returns text
language plpgsql
as $$
declare plain text;
begin
  if to_regnamespace('vault') is not null then
    execute 'select decrypted_secret from vault.decrypted_secrets where id = $1' into plain using secret_id;
    return plain;
  end if;
  select pgp_sym_decrypt(ciphertext, public.planner_secret_key()) into plain
    from public.planner_secrets where id = secret_id;
  return plain;
end
$$;

create or replace function public.vault_delete_secret(secret_id uuid)
returns void
language plpgsql
as $$
begin
  if to_regnamespace('vault') is not null then
    execute 'delete from vault.secrets where id = $1' using secret_id;
    return;
  end if;
  delete from public.planner_secrets where id = secret_id;
end
$$;

-- End users never call these directly; the server does, as the service role.
revoke all on function public.vault_create_secret(text, text, text) from public;
revoke all on function public.vault_update_secret(uuid, text) from public;
revoke all on function public.vault_get_secret(uuid) from public;
revoke all on function public.vault_delete_secret(uuid) from public;
