import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organizations/organization.entity.js';
import type { Services } from '../services.js';

export const DEMO_EMAIL = 'demo@broadcart.dev';
export const DEMO_PASSWORD = 'broadcart-demo';

/** Seeds the demo organization into an empty database; returns false when data already exists. */
export async function seedDemo(em: EntityManager, services: Services): Promise<boolean> {
  if ((await em.count(Organization, {})) > 0) return false;
  await services.organizations.signUp(em, { email: DEMO_EMAIL, password: DEMO_PASSWORD, organizationName: '花漾美妆 Bloom Beauty' });
  return true;
}
