import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter('api::site-setting.site-setting');
