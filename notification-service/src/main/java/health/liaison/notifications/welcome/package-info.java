/** The welcome message a new patient receives: the walking skeleton of event-driven notifications. */
package health.liaison.notifications.welcome;
