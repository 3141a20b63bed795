package health.liaison.notifications.sendgrid;

/** The readable text of an HTML e-mail body that came without a plain-text one: tags dropped, entities of the basics. */
final class HtmlText {

    private HtmlText() {
    }

    static String of(String html) {
        if (html == null) {
            return "";
        }
        return html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>", "\n")
                .replaceAll("(?s)<[^>]*>", "")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("[ \\t\\x0B\\f]+", " ").replaceAll("\\n\\s*\\n\\s*\\n+", "\n\n").trim();
    }
}
