package dev.audguard.spring.reactive;

import dev.audguard.core.HttpAnswer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes a front-door {@link HttpAnswer} to a reactive response. Thread-safe (stateless). */
final class ReactiveAnswers {
    private ReactiveAnswers() {
    }

    static Mono<Void> write(ServerHttpResponse response, HttpAnswer answer) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        HttpHeaders headers = response.getHeaders();
        for (HttpAnswer.Header header : answer.headers()) {
            if (header.repeated()) {
                headers.add(header.name(), header.value());
            } else {
                headers.set(header.name(), header.value());
            }
        }
        byte[] body = answer.body();
        headers.setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
