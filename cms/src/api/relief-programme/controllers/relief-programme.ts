import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::relief-programme.relief-programme');
