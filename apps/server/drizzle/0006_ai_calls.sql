CREATE TABLE "ai_calls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ai_calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"feature" text NOT NULL,
	"subject" text,
	"model" text NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"latency_ms" integer NOT NULL,
	"error" text,
	CONSTRAINT "ai_calls_outcome_check" CHECK ("ai_calls"."outcome" in ('ok', 'timeout', 'http_error', 'network_error', 'invalid_json', 'schema_mismatch')),
	CONSTRAINT "ai_calls_latency_nonneg" CHECK ("ai_calls"."latency_ms" >= 0)
);
--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_calls_created_idx" ON "ai_calls" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ai_calls_feature_created_idx" ON "ai_calls" USING btree ("feature","created_at");