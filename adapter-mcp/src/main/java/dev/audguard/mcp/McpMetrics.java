package dev.audguard.mcp;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the MCP protection decided: refusals per reason code, refusals and calls per tool.
 * Read with {@link #refusalsByReason()}, {@link #refusalsByTool()} and {@link #callsByTool()}, or
 * bind these maps to your meter registry.
 *
 * <p>Thread-safe. The tool name is what the client sent; the number of distinct names counted is
 * bounded ({@value #MAX_NAMES}; further names count under {@code "(other)"}) so a client cannot grow
 * the maps without limit.
 */
public final class McpMetrics implements McpListener {
    static final int MAX_NAMES = 256;
    private static final String OTHER = "(other)";

    private final Map<String, LongAdder> refusalsByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusalsByTool = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> callsByTool = new ConcurrentHashMap<>();

    @Override
    public void onAccepted(McpCall call) {
        tool(call).ifPresent(tool -> count(callsByTool, tool));
    }

    @Override
    public void onRefused(String code, Optional<McpCall> call) {
        count(refusalsByReason, code);
        call.flatMap(McpMetrics::tool).ifPresent(tool -> count(refusalsByTool, tool));
    }

    /** Refusals per stable reason code, sorted by code. */
    public Map<String, Long> refusalsByReason() {
        return snapshot(refusalsByReason);
    }

    /** Refusals of {@code tools/call} per tool name, sorted by name. */
    public Map<String, Long> refusalsByTool() {
        return snapshot(refusalsByTool);
    }

    /** Accepted {@code tools/call} per tool name, sorted by name. */
    public Map<String, Long> callsByTool() {
        return snapshot(callsByTool);
    }

    private static Optional<String> tool(McpCall call) {
        return call.method().filter("tools/call"::equals).flatMap(m -> call.name());
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        LongAdder adder = counters.get(key);
        if (adder == null) {
            adder = counters.size() >= MAX_NAMES ? counters.computeIfAbsent(OTHER, k -> new LongAdder())
                    : counters.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return "McpMetrics{refusals=" + refusalsByReason() + ", calls=" + callsByTool() + '}';
    }
}
