package org.vmpooler.api.dashboard;

/**
 * The dashboard's HTML, rendered once: the page template with the site name HTML-escaped (the reference inserted
 * it raw). The reference's default title {@code <b>vmpooler</b>} is markup, so it shows as a bold "vmpooler".
 */
final class DashboardPage {
    static final String REFERENCE_DEFAULT_TITLE = "<b>vmpooler</b>";

    private final String html;

    DashboardPage(String siteName) {
        String heading = REFERENCE_DEFAULT_TITLE.equals(siteName) ? "<b>vmpooler</b>" : escape(siteName);
        String title = REFERENCE_DEFAULT_TITLE.equals(siteName) ? "vmpooler" : escape(siteName);
        html = DashboardAssets.text("index.html").replace("{{title}}", title).replace("{{heading}}", heading);
    }

    String html() {
        return html;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
