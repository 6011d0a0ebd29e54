package org.vmpooler.cli.command;

import java.util.ArrayList;
import java.util.List;

import org.vmpooler.cli.http.ApiReply;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

/** The running VMs checked out with a token, as {@code GET token/<t>} lists them (short names). */
final class TokenVms {
    private TokenVms() {
    }

    static List<String> running(PoolerClient client) {
        String token = client.settings().requireToken();
        ApiReply reply = client.get("token/" + PoolerClient.segment(token)).orFail(Subject.of(
                "looking up the token's VMs", "the server does not know the token (or has no authentication)"));
        List<String> names = new ArrayList<>();
        reply.body().path(token).path("vms").path("running").forEach(name -> names.add(name.asText()));
        return names;
    }
}
