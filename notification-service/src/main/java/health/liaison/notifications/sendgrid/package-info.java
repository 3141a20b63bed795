/**
 * The SendGrid adapters: its signed event webhook into {@link health.liaison.notifications.inbound.BouncedEmails},
 * and its Inbound Parse webhook (basic auth) into {@link health.liaison.notifications.inbound.EmailReplies}.
 */
package health.liaison.notifications.sendgrid;
