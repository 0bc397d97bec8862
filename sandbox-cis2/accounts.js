// Demo users of the CIS2 sandbox. All names, UIDs and ODS codes are fictional.
//
// Claim shapes follow CIS2 Authentication (docs/cis2.md §1.6 in the shared
// research notes): `nhsid_nrbac_roles` elements carry person_orgid,
// person_roleid, org_code, role_name, role_code, activities, activity_codes
// (+ empty aow/workgroups arrays, as real tokens do); `nhsid_user_orgs` is
// [{ org_code, org_name }]. Activity codes are limited to ones named in the
// notes: B0267 RA ID checker, B0380 detailed health record, B1300 "Approve RA
// Requests" (= sponsor).

export const ORGANISATIONS = {
  RX1: { org_code: 'RX1', org_name: 'Northshire Integrated Care Board' },
  VNC01: { org_code: 'VNC01', org_name: 'Canterbury Care Homes' },
  VNC11: { org_code: 'VNC11', org_name: 'Canterbury House', parent: 'VNC01' },
  VNC12: { org_code: 'VNC12', org_name: 'Canterbury Lodge', parent: 'VNC01' },
  VMB01: { org_code: 'VMB01', org_name: 'Meadowbank Care Home' },
  Y99: { org_code: 'Y99', org_name: 'Northshire Audit Services' },
};

// The UID the hostile fixture's userinfo response claims instead of its own.
export const FIXTURE_USERINFO_SUB = '555000000999';

function role({
  orgId, roleId, org, name, code, activities = [],
}) {
  return {
    person_orgid: orgId,
    person_roleid: roleId,
    org_code: org,
    role_name: name,
    role_code: code,
    activities: activities.map(([, label]) => label),
    activity_codes: activities.map(([activityCode]) => activityCode),
    aow: [],
    aow_codes: [],
    workgroups: [],
    workgroups_codes: [],
  };
}

const RA_ID_CHECKER = ['B0267', 'Registration Authority ID Checker'];
const APPROVE_RA_REQUESTS = ['B1300', 'Approve RA Requests'];

const RA_MANAGER_ROLE = '"Admin & Clerical":"Management - A & C":"Registration Authority Manager"';
const RA_AGENT_ROLE = '"Admin & Clerical":"Management - A & C":"Registration Authority Agent"';

/**
 * @typedef {object} DemoUser
 * @property {string} login       value posted by the chooser button
 * @property {string} uid         12-digit CIS2 UID (= `sub`)
 * @property {string} givenName
 * @property {string} familyName
 * @property {string} [email]
 * @property {string} description shown under the button
 * @property {string} [forcedAcr] sign-in always happens at this class
 * @property {boolean} [fixture]  only offered with SANDBOX_TEST_FIXTURES=1
 * @property {object[]} roles     nhsid_nrbac_roles
 * @property {string[]} orgs      ODS codes for nhsid_user_orgs
 */

/** @type {DemoUser[]} */
export const USERS = [
  {
    login: 'ra.manager',
    uid: '555000000101',
    givenName: 'Rachel',
    familyName: 'Adeyemi',
    email: 'rachel.adeyemi@nhs.net',
    description: 'Registration Authority Manager at Northshire Integrated Care Board (RX1).',
    roles: [
      role({
        orgId: '555000001101', roleId: '555000002101', org: 'RX1', name: RA_MANAGER_ROLE, code: 'S0080:G0450:R5080', activities: [RA_ID_CHECKER, APPROVE_RA_REQUESTS],
      }),
    ],
    orgs: ['RX1'],
  },
  {
    login: 'ra.agent',
    uid: '555000000102',
    givenName: 'Sam',
    familyName: 'Okafor',
    email: 'sam.okafor@nhs.net',
    description: 'Two roles at Northshire Integrated Care Board (RX1): Registration Authority Agent and Nurse Access Role; asked to select one when the selectedrole scope is requested.',
    roles: [
      role({
        orgId: '555000001102', roleId: '555000002102', org: 'RX1', name: RA_AGENT_ROLE, code: 'S0080:G0450:R5090', activities: [RA_ID_CHECKER],
      }),
      role({
        orgId: '555000001102',
        roleId: '555000002112',
        org: 'RX1',
        name: '"Clinical":"Clinical Provision":"Nurse Access Role"',
        code: 'S8000:G8000:R8001',
        activities: [['B0380', 'Perform Detailed Health Record']],
      }),
    ],
    orgs: ['RX1'],
  },
  {
    login: 'manager.group',
    uid: '555000000103',
    givenName: 'Priya',
    familyName: 'Shah',
    email: 'priya.shah@canterburycarehomes.co.uk',
    description: 'Care Home Manager (sponsor, activity B1300) at Canterbury Care Homes (VNC01), the group of Canterbury House, Lodge and Court.',
    roles: [
      role({
        orgId: '555000001103', roleId: '555000002103', org: 'VNC01', name: '"Clinical":"Clinical Provision":"Care Home Manager"', code: 'S8000:G8000:R8003', activities: [APPROVE_RA_REQUESTS],
      }),
    ],
    orgs: ['VNC01'],
  },
  {
    login: 'manager.meadowbank',
    uid: '555000000104',
    givenName: 'Tom',
    familyName: 'Bell',
    email: 'tom.bell@meadowbankcare.org.uk',
    description: 'Care Home Manager (sponsor, activity B1300) at Meadowbank Care Home (VMB01).',
    roles: [
      role({
        orgId: '555000001104', roleId: '555000002104', org: 'VMB01', name: '"Clinical":"Clinical Provision":"Care Home Manager"', code: 'S8000:G8000:R8003', activities: [APPROVE_RA_REQUESTS],
      }),
    ],
    orgs: ['VMB01'],
  },
  {
    login: 'auditor',
    uid: '555000000105',
    givenName: 'Grace',
    familyName: 'Lin',
    email: 'grace.lin@nhs.net',
    description: 'Privacy Officer (R0001) at Northshire Audit Services (Y99).',
    roles: [
      role({
        orgId: '555000001105', roleId: '555000002105', org: 'Y99', name: '"Admin & Clerical":"Management - A & C":"Privacy Officer"', code: 'S0080:G0450:R0001',
      }),
    ],
    orgs: ['Y99'],
  },
  {
    login: 'no.roles',
    uid: '555000000106',
    givenName: 'Chris',
    familyName: 'Doe',
    email: 'chris.doe@nhs.net',
    description: 'Has a Care Identity but no roles at all.',
    roles: [],
    orgs: [],
  },
  {
    login: 'aal1.user',
    uid: '555000000107',
    givenName: 'Pat',
    familyName: 'Jones',
    email: 'pat.jones@nhs.net',
    description: 'Registration Authority Agent at Northshire Integrated Care Board (RX1), but signs in with username and password only.',
    forcedAcr: 'AAL1_USERPASS',
    roles: [
      role({
        orgId: '555000001107', roleId: '555000002107', org: 'RX1', name: RA_AGENT_ROLE, code: 'S0080:G0450:R5090', activities: [RA_ID_CHECKER],
      }),
    ],
    orgs: ['RX1'],
  },
  {
    login: 'fixture.sub-mismatch',
    uid: '555000000199',
    givenName: 'Test fixture:',
    familyName: 'userinfo subject differs',
    displayName: 'Test fixture: userinfo subject differs',
    email: 'fixture.sub-mismatch@example.invalid',
    description: `TEST FIXTURE (SANDBOX_TEST_FIXTURES=1 only): the userinfo response carries sub "${FIXTURE_USERINFO_SUB}", not the ID token's subject.`,
    fixture: true,
    roles: [
      role({
        orgId: '555000001199', roleId: '555000002199', org: 'RX1', name: RA_MANAGER_ROLE, code: 'S0080:G0450:R5080', activities: [RA_ID_CHECKER],
      }),
    ],
    orgs: ['RX1'],
  },
];

export function fullName(user) {
  return user.displayName ?? `${user.givenName} ${user.familyName}`;
}

export function orgName(code) {
  return ORGANISATIONS[code]?.org_name ?? code;
}

/** Human label for a role: `Registration Authority Manager, Northshire Integrated Care Board (RX1)`. */
export function roleLabel(r) {
  const parts = r.role_name.split(':').map((p) => p.replace(/^"|"$/g, ''));
  return `${parts[parts.length - 1]}, ${orgName(r.org_code)} (${r.org_code})`;
}

/**
 * Directory of users visible in this run.
 * @param {{ fixtures: boolean }} opts
 */
export function createDirectory({ fixtures }) {
  const users = USERS.filter((u) => fixtures || !u.fixture);
  const byLogin = new Map(users.map((u) => [u.login, u]));
  const byUid = new Map(users.map((u) => [u.uid, u]));
  return {
    users,
    byLogin: (login) => byLogin.get(login),
    byUid: (uid) => byUid.get(uid),
  };
}

/** Class of a sign-in -> [amr, authentication_assurance_level]. */
export function assuranceFor(acr) {
  switch (acr) {
    case 'AAL1_USERPASS': return { amr: ['pwd'], aal: '1' };
    case 'AAL3_ANY': return { amr: ['N3_SMARTCARD'], aal: '3' };
    default: return { amr: ['TOTP'], aal: '2' }; // AAL2_OR_AAL3_ANY, AAL2_ANY, AAL2_TOTP
  }
}

/**
 * All claims the sandbox knows for a user; oidc-provider filters them by
 * scope (and by `use`: ID token vs userinfo) before anything leaves.
 * @param {DemoUser} user
 * @param {{ acr?: string, selectedRoleId?: string }} [signIn]
 */
export function claimsFor(user, signIn = {}) {
  const claims = {
    sub: user.uid,
    // profile
    name: fullName(user),
    given_name: user.givenName,
    family_name: user.familyName,
    uid: user.uid,
    // email
    email: user.email,
    // nationalrbacaccess
    nhsid_nrbac_roles: structuredClone(user.roles),
    // associatedorgs
    nhsid_user_orgs: user.orgs.map((code) => ({ org_code: code, org_name: orgName(code) })),
    // nhsperson
    nhsid_useruid: user.uid,
    idassurancelevel: '3',
    display_name: fullName(user),
    // ID-token claims (scope openid in config.js)
    id_assurance_level: '3',
  };
  if (signIn.acr) {
    claims.authentication_assurance_level = assuranceFor(signIn.acr).aal;
  }
  if (signIn.selectedRoleId) {
    claims.selected_roleid = signIn.selectedRoleId;
  }
  return claims;
}
