import type { StrapiApp } from '@strapi/strapi/admin';
import { PublishIcon } from './PublishStatusWidget';
import { contentManager } from './translations/content-manager';
import { core } from './translations/core';
import { upload } from './translations/upload';

// The admin opens in Chinese for everyone, the login page included, unless a person has
// picked another language (which the admin keeps under this key).
const LANGUAGE_KEY = 'strapi-admin-language';
// The project's id in package.json ("strapi.uuid"): the admin scopes some stored choices by it.
const PROJECT_UUID = 'fulian-publishing-cms';

if (typeof window !== 'undefined') {
  const storage = window.localStorage;
  if (!storage.getItem(LANGUAGE_KEY)) storage.setItem(LANGUAGE_KEY, 'zh-Hans');
  // No guided tour: editors meet the screens they work in, not Strapi's product tour.
  const tour = JSON.parse(storage.getItem('STRAPI_GUIDED_TOUR') ?? '{}') as Record<string, unknown>;
  storage.setItem(
    'STRAPI_GUIDED_TOUR',
    JSON.stringify({ tours: {}, completedActions: [], ...tour, enabled: false, hidden: true }),
  );
  // No "new Media Library" announcement (an English banner linking to Strapi's blog). The
  // admin keys its dismissal by the feature flag's state and the project's id, which is
  // unknown (undefined) for the first render.
  for (const legacy of ['true', 'false']) {
    for (const scope of [PROJECT_UUID, 'undefined']) {
      storage.setItem(`STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${scope}`, 'true');
    }
  }
}

// Editors work in Chinese: zh-Hans is the admin's language, with Strapi's own zh-Hans
// strings completed where they are missing or English (see ./translations/).
export default {
  config: {
    locales: ['zh-Hans'],
    translations: {
      'zh-Hans': { ...core, ...contentManager, ...upload },
    },
    tutorials: false,
    notifications: { releases: false },
  },
  register(app: StrapiApp) {
    // Whether the public site caught up with what was published, on every editor's home page.
    app.widgets.register({
      id: 'publish-status',
      icon: PublishIcon,
      title: { id: 'fulian.widget.publish-status.title', defaultMessage: '网站发布状态' },
      component: async () => (await import('./PublishStatusWidget')).PublishStatusWidget,
    });
  },
  bootstrap(_app: StrapiApp) {},
};
