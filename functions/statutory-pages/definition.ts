import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'statutory-pages',
  description: 'The accessibility statement, the privacy notice and the cookies page',
  routes: [
    { method: 'GET', path: '/accessibility' },
    { method: 'GET', path: '/privacy' },
    { method: 'GET', path: '/cookies' },
  ],
  tableActions: [],
  getsOrganisationSettings: true,
});
