package dev.turnstile.client.cli;

import dev.turnstile.client.JsonMaps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code URL [--json OBJECT] [KEY=VALUE …]} into a request. A value is read as JSON when
 * it is valid JSON ({@code n=3}, {@code data='"hi"'}, {@code tags=[1,2]}) and as a plain string
 * otherwise ({@code hostname=box}); pairs are added after the members of {@code --json}.
 */
final class RequestArguments {

    private RequestArguments() {
    }

    static Map<String, Object> request(String url, String json, List<String> pairs) throws CliFailure {
        if (!url.startsWith("/")) {
            throw new CliFailure(ExitCode.USAGE, "the url must start with \"/\", as in /echo; not \"" + url + "\"");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", url);
        if (json != null) {
            Map<String, Object> members;
            try {
                members = JsonMaps.parseObject(json);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, "--json must be one JSON object: " + e.getMessage());
            }
            members.remove("url");
            request.putAll(members);
        }
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new CliFailure(ExitCode.USAGE, "expected KEY=VALUE, as in data='\"hi\"'; not \"" + pair + "\"");
            }
            request.put(pair.substring(0, equals), value(pair.substring(equals + 1)));
        }
        return request;
    }

    static Object value(String text) {
        try {
            return JsonMaps.parseValue(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
