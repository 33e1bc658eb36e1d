import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::relief-programme.relief-programme');
