package dev.sampo.ids;

import dev.sampo.flow.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Suricata rules, the subset content matching needs: header {@code alert|drop tcp ADDR PORT
 * ->|<> ADDR PORT} with {@code any} or one address and port, options {@code msg}, {@code content}
 * (text with {@code |hex|} runs and {@code \"}, {@code \;}, {@code \\} escapes), {@code nocase},
 * {@code sid}, {@code rev}. Blank lines and {@code #} comments are skipped. A rule with anything
 * else is skipped and reported with its file, line and keyword: matching it without the keyword
 * would alert where Suricata would not.
 */
public final class RuleParser {
    private RuleParser() {
    }

    public static RuleSet read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    public static RuleSet parse(List<String> lines, String file) {
        List<Rule> rules = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(rule(line, file + ":" + (i + 1)));
            } catch (Bad e) {
                problems.add(new RuleProblem(file, i + 1, e.keyword, e.getMessage()));
            }
        }
        return new RuleSet(List.copyOf(rules), List.copyOf(problems));
    }

    /** A rule that cannot be matched as written: the keyword at fault and why. */
    private static final class Bad extends Exception {
        final String keyword;

        Bad(String keyword, String reason) {
            super(reason, null, false, false);
            this.keyword = keyword;
        }
    }

    private static Rule rule(String line, String where) throws Bad {
        int open = line.indexOf('(');
        if (open < 0 || !line.endsWith(")")) {
            throw new Bad("options", "expected 'HEADER (OPTIONS)'");
        }
        String[] h = line.substring(0, open).trim().split("\\s+");
        if (h.length != 7) {
            throw new Bad("header", "expected 'ACTION PROTO SRC SPORT -> DST DPORT', got " + h.length + " fields");
        }
        String action = h[0];
        if (!action.equals("alert") && !action.equals("drop")) {
            throw new Bad("action", "'" + action + "' (alert or drop)");
        }
        if (!h[1].equals("tcp")) {
            throw new Bad("protocol", "'" + h[1] + "' (tcp only)");
        }
        if (!h[4].equals("->") && !h[4].equals("<>")) {
            throw new Bad("direction", "'" + h[4] + "' (-> or <>)");
        }
        Endpoint src = endpoint(h[2], h[3], "source");
        Endpoint dst = endpoint(h[5], h[6], "destination");
        Options o = new Options();
        for (String option : split(line.substring(open + 1, line.length() - 1))) {
            o.add(option);
        }
        if (o.sid < 0) {
            throw new Bad("sid", "missing");
        }
        if (o.contents.isEmpty()) {
            throw new Bad("content", "missing: this subset matches content only");
        }
        return new Rule(action, src, dst, h[4].equals("<>"), o.msg, o.sid, o.rev, List.copyOf(o.contents), where);
    }

    private static Endpoint endpoint(String address, String port, String side) throws Bad {
        IpAddress ip = null;
        if (!address.equals("any")) {
            try {
                ip = IpAddress.parse(address);
            } catch (RuntimeException e) {
                throw new Bad(side + " address", "'" + address + "' (any or one IP address)");
            }
        }
        int p = -1;
        if (!port.equals("any")) {
            p = number(port, side + " port", 65535);
        }
        return new Endpoint(ip, p);
    }

    private static int number(String text, String keyword, long max) throws Bad {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new Bad(keyword, "'" + text.trim() + "' is not a number in 0.." + max);
        }
    }

    /** The options of one rule, in order; {@code nocase} applies to the content before it. */
    private static final class Options {
        final List<Content> contents = new ArrayList<>();
        String msg = "";
        long sid = -1;
        int rev = 1;

        void add(String option) throws Bad {
            int colon = option.indexOf(':');
            String key = (colon < 0 ? option : option.substring(0, colon)).trim();
            String value = colon < 0 ? null : option.substring(colon + 1).trim();
            switch (key) {
                case "msg" -> msg = unquote(required(key, value), key);
                case "content" -> contents.add(new Content(content(required(key, value)), false));
                case "nocase" -> {
                    if (contents.isEmpty() || value != null) {
                        throw new Bad(key, "must follow a content and take no value");
                    }
                    Content last = contents.remove(contents.size() - 1);
                    contents.add(new Content(last.bytes(), true));
                }
                case "sid" -> sid = Integer.toUnsignedLong(number(required(key, value), key, Integer.MAX_VALUE));
                case "rev" -> rev = number(required(key, value), key, Integer.MAX_VALUE);
                default -> throw new Bad(key, "keyword outside the supported subset (msg, content, nocase, sid, rev)");
            }
        }

        private static String required(String key, String value) throws Bad {
            if (value == null || value.isEmpty()) {
                throw new Bad(key, "needs a value");
            }
            return value;
        }
    }

    /** Splits options at unescaped ';' outside quotes; the text after the last ';' must be blank. */
    private static List<String> split(String options) throws Bad {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                current.append(c).append(options.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == ';' && !quoted) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new Bad("options", "unterminated quote");
        }
        if (!current.toString().isBlank()) {
            throw new Bad("options", "'" + current.toString().trim() + "' is not ended by ';'");
        }
        return out;
    }

    private static String unquote(String value, String key) throws Bad {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw new Bad(key, "value must be quoted");
        }
        return new String(unescape(value.substring(1, value.length() - 1), key), StandardCharsets.UTF_8);
    }

    /** A quoted content with {@code |41 42|} hex runs. */
    private static byte[] content(String value) throws Bad {
        if (value.startsWith("!")) {
            throw new Bad("content", "negated content is outside the subset");
        }
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw new Bad("content", "value must be quoted");
        }
        byte[] raw = unescape(value.substring(1, value.length() - 1), "content");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hex = false;
        StringBuilder digits = new StringBuilder();
        for (byte b : raw) {
            if (b == '|') {
                if (hex && digits.length() % 2 != 0) {
                    throw new Bad("content", "odd number of hex digits in |" + digits + "|");
                }
                hex = !hex;
                digits.setLength(0);
            } else if (hex) {
                if (b == ' ') {
                    continue;
                }
                if (Character.digit(b, 16) < 0) {
                    throw new Bad("content", "'" + (char) b + "' in a |hex| run");
                }
                digits.append((char) b);
                if (digits.length() % 2 == 0) {
                    out.write(Integer.parseInt(digits.substring(digits.length() - 2), 16));
                }
            } else {
                out.write(b);
            }
        }
        if (hex) {
            throw new Bad("content", "unterminated |hex| run");
        }
        if (out.size() == 0) {
            throw new Bad("content", "empty");
        }
        return out.toByteArray();
    }

    /** Resolves {@code \"}, {@code \;}, {@code \\}, {@code \:}; any other escape is an error. */
    private static byte[] unescape(String s, String key) throws Bad {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length() || "\";\\:".indexOf(s.charAt(i + 1)) < 0) {
                    throw new Bad(key, "unsupported escape at position " + i);
                }
                c = s.charAt(++i);
            } else if (c == '"') {
                throw new Bad(key, "unescaped quote inside the value");
            }
            byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(enc, 0, enc.length);
        }
        return out.toByteArray();
    }
}
