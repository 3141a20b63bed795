/** The providers a message goes through: email over SMTP and SMS over a Twilio-style REST API, each behind a circuit breaker. */
package health.liaison.notifications.channels;
