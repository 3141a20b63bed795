/** The SendGrid adapter of the e-mail bounce port: SendGrid's signed event webhook into {@link health.liaison.notifications.inbound.BouncedEmails}. */
package health.liaison.notifications.sendgrid;
