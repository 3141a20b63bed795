/** Message texts per kind, channel and language (Mustache), rendered completely or not at all; a preview endpoint. */
package health.liaison.notifications.templates;
