import { t } from '../i18n';
import { href, Show, useLoad } from '../ui';
import { CreateTemplateForm } from './template-create';

export interface TemplateSummary {
  id: string;
  locales: Record<string, string[]>;
  subject: Record<string, string>;
  usedBy: string[];
  /** `<locale>/<channel>` -> the live version; absent on engines without versioned templates. */
  versions?: Record<string, number>;
}

export function TemplatesPage() {
  const loaded = useLoad<{ templates: TemplateSummary[] }>('/v1/templates');
  return (
    <section>
      <h1>{t('templates')}</h1>
      <CreateTemplateForm />
      <Show loaded={loaded}>
        {({ templates }) => (
          <table class="list" data-testid="templates">
            <tbody>
              {templates.map((template) => (
                <tr key={template.id}>
                  <td>
                    <a href={href('templates', template.id)}>{template.id}</a>
                  </td>
                  <td>
                    {Object.entries(template.locales).map(([locale, channels]) => (
                      <span key={locale} class="chip">
                        {locale}:{' '}
                        {channels
                          .map((channel) => {
                            const version = template.versions?.[`${locale}/${channel}`];
                            return version ? `${channel} v${version}` : channel;
                          })
                          .join(', ')}
                      </span>
                    ))}
                  </td>
                  <td class="muted">
                    {template.usedBy.length > 0 && `${t('usedBy')} ${template.usedBy.join(', ')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
