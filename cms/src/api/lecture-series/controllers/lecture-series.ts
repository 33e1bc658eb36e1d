import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::lecture-series.lecture-series');
