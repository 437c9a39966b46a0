/** The signed-in Microsoft account. */
import type { GraphHttp } from './http';
import type { GraphUser } from './types';

export async function getMe(http: GraphHttp): Promise<GraphUser> {
  return (await http.send<GraphUser>({ method: 'GET', url: '/me', query: { $select: 'id,displayName,mail,userPrincipalName' } })).body;
}

/** The address to show for an account: mail, else the user principal name. */
export function accountEmail(user: GraphUser): string | null {
  return user.mail || user.userPrincipalName || null;
}
