package health.liaison.notifications.delivery;

/** How a message reaches a patient. */
public enum Channel {
    EMAIL, SMS
}
