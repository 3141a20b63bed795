/**
 * The Twilio adapter of the SMS ports: Twilio's signed, form-encoded webhooks (incoming messages, status callbacks)
 * into {@link health.liaison.notifications.inbound.SmsReplies}. The outgoing side is
 * {@link health.liaison.notifications.channels.SmsChannel}, Twilio's REST API behind
 * {@link health.liaison.notifications.channels.SmsSender}.
 */
package health.liaison.notifications.twilio;
