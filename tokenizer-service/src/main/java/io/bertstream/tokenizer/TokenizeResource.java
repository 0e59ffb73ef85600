package io.bertstream.tokenizer;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /tokenize}, for debugging: the same input as a {@code sentences} record (plain text or
 * JSON) gives the same token record as the stream, always as JSON ({@value TokenRecord#SCHEMA}, for
 * people to read) whatever the stream's output format; bad input gives 400 and the dead-letter reason.
 */
@Path("/tokenize")
public class TokenizeResource {

    private final TokenizeService service;

    TokenizeResource(TokenizeService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response tokenize(byte[] body) {
        try {
            return Response.ok(service.tokenize(body, null, null, System.currentTimeMillis())).build();
        } catch (BadInputException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
