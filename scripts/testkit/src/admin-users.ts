import type { AdminSession } from './publish-helpers.ts';

export interface AdminPerson {
  email: string;
  password: string;
  firstname: string;
  lastname: string;
}

/**
 * Invites a person with an admin role (by its code) and registers them, the way a super
 * admin adds a colleague in Settings → Users: the invitation's registration token, then the
 * person's own password. Needs a super admin's session.
 */
export async function addAdminUser(superAdmin: AdminSession, person: AdminPerson, roleCode: string): Promise<void> {
  const roles = await superAdmin.request('GET', '/admin/roles');
  if (roles.status !== 200) throw new Error(`listing roles: HTTP ${roles.status} ${JSON.stringify(roles.json)}`);
  const role = (roles.json.data as { id: number; code: string }[]).find((r) => r.code === roleCode);
  if (!role) throw new Error(`no admin role with code ${roleCode}`);
  const invited = await superAdmin.request('POST', '/admin/users', {
    firstname: person.firstname,
    lastname: person.lastname,
    email: person.email,
    roles: [role.id],
  });
  if (invited.status !== 201) throw new Error(`inviting ${person.email}: HTTP ${invited.status} ${JSON.stringify(invited.json)}`);
  const registrationToken = invited.json.data.registrationToken as string;
  const registered = await superAdmin.request('POST', '/admin/register', {
    registrationToken,
    userInfo: { firstname: person.firstname, lastname: person.lastname, password: person.password },
  });
  if (registered.status !== 200) {
    throw new Error(`registering ${person.email}: HTTP ${registered.status} ${JSON.stringify(registered.json)}`);
  }
}
