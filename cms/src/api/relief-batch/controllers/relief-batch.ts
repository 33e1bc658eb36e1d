import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::relief-batch.relief-batch');
