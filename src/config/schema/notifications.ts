import { z } from 'zod'

export const NotifyEvent = z.enum(['failure', 'schema_change', 'degraded'])
export type NotifyEvent = z.infer<typeof NotifyEvent>

/** `notifications.slack` (C33). */
export const SlackConfig = z
  .object({
    webhook_url: z.string().min(1).optional().meta({ description: 'Inline webhook URL (prefer `webhook_url_env`).' }),
    webhook_url_env: z.string().min(1).optional().meta({ description: 'Env var holding the webhook URL.' }),
    on: z.array(NotifyEvent).default([]).meta({ description: 'Events that trigger a message; `degraded` is accepted but never sent.' }),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.webhook_url !== undefined && s.webhook_url_env !== undefined) {
      ctx.addIssue({ code: 'custom', message: "specify 'webhook_url' or 'webhook_url_env', not both", params: { hint: 'prefer `webhook_url_env` so the webhook secret stays out of the YAML' } })
    }
  })
  .meta({ title: 'Slack', not: { required: ['webhook_url', 'webhook_url_env'] } })
export type SlackConfig = z.infer<typeof SlackConfig>

export const NotificationsConfig = z.object({ slack: SlackConfig.optional() }).strict().meta({ title: 'Notifications' })
export type NotificationsConfig = z.infer<typeof NotificationsConfig>
