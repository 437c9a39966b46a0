/** Better Auth's endpoints: sign-up/email, sign-in/email, sign-out, get-session, ... */
import { handleAuthRequest } from '@/server/auth/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
