import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::relief-batch.relief-batch');
