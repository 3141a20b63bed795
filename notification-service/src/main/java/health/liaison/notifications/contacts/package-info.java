/** A patient's contact details, fetched from records at send time through a guarded call; never carried in events. */
package health.liaison.notifications.contacts;
