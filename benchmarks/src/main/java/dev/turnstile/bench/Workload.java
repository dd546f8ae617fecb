package dev.turnstile.bench;

/**
 * One line of the benchmark table: a url, how many requests are kept in flight, and for
 * {@code /echo} how long the echoed string is. Written {@code ping:1:0} or {@code echo:32:1024}.
 */
record Workload(String url, int window, int payload) {

    Workload {
        if (!url.equals("ping") && !url.equals("echo")) {
            throw new IllegalArgumentException("a workload's url is ping or echo, not " + url);
        }
        if (window < 1 || payload < 0) {
            throw new IllegalArgumentException("a workload needs a window of at least 1 and a payload of at least 0");
        }
    }

    static Workload parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a workload is url:window:payload, not " + text);
        }
        return new Workload(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** @return the request line, newline-terminated, with the string to echo made of letters */
    byte[] request(String token) {
        StringBuilder text = new StringBuilder(payload + 100);
        text.append("{\"url\":\"/").append(url).append("\",\"token\":\"").append(token).append('"');
        if (url.equals("echo")) {
            text.append(",\"data\":\"");
            for (int i = 0; i < payload; i++) {
                text.append((char) ('a' + i % 26));
            }
            text.append('"');
        }
        return text.append("}\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** @return the length of the one right answer, newline included */
    int answerLength() {
        return url.equals("ping")
                ? "{\"code\":200,\"pong\":true}\n".length()
                : "{\"code\":200,\"data\":\"\"}\n".length() + payload;
    }

    @Override
    public String toString() {
        return url + ":" + window + ":" + payload;
    }
}
