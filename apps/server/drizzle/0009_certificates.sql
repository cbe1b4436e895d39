CREATE TABLE "cert_audit_chain" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cert_audit_chain_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entry" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "cert_audit_chain_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "cert_levels" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cert_levels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"level" text NOT NULL,
	"requirements" jsonb NOT NULL,
	"criteria" text DEFAULT '' NOT NULL,
	"criteria_en" text,
	"validity_months" integer,
	"renewal" jsonb DEFAULT '{"credits":null,"examId":null}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cert_levels_level_check" CHECK ("cert_levels"."level" in ('junior', 'intermediate', 'senior')),
	CONSTRAINT "cert_levels_validity_check" CHECK ("cert_levels"."validity_months" is null or "cert_levels"."validity_months" > 0)
);
--> statement-breakpoint
CREATE TABLE "cert_programmes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cert_programmes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"domain" text DEFAULT '' NOT NULL,
	"domain_en" text,
	"description" text DEFAULT '' NOT NULL,
	"description_en" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cert_programmes_code_unique" UNIQUE("code"),
	CONSTRAINT "cert_programmes_status_check" CHECK ("cert_programmes"."status" in ('draft', 'active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "cert_signing_keys" (
	"thumbprint" text PRIMARY KEY NOT NULL,
	"public_x" text NOT NULL,
	"sealed_private_key" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "cert_signing_keys_status_check" CHECK ("cert_signing_keys"."status" in ('active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"level_id" integer NOT NULL,
	"employee_id" integer NOT NULL,
	"holder_name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"revocation_index" integer NOT NULL,
	"suspension_index" integer NOT NULL,
	"jwt" text NOT NULL,
	"key_thumbprint" text NOT NULL,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_reason" text,
	"status_changed_at" timestamp with time zone,
	"status_changed_by" integer,
	CONSTRAINT "certificates_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "certificates_revocation_index_unique" UNIQUE("revocation_index"),
	CONSTRAINT "certificates_suspension_index_unique" UNIQUE("suspension_index"),
	CONSTRAINT "certificates_status_check" CHECK ("certificates"."status" in ('active', 'suspended', 'revoked')),
	CONSTRAINT "certificates_indexes_range" CHECK ("certificates"."revocation_index" >= 0 and "certificates"."suspension_index" >= 0)
);
--> statement-breakpoint
ALTER TABLE "cert_levels" ADD CONSTRAINT "cert_levels_programme_id_cert_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."cert_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_programmes" ADD CONSTRAINT "cert_programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_level_id_cert_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."cert_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_key_thumbprint_cert_signing_keys_thumbprint_fk" FOREIGN KEY ("key_thumbprint") REFERENCES "public"."cert_signing_keys"("thumbprint") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_status_changed_by_users_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cert_levels_programme_level" ON "cert_levels" USING btree ("programme_id","level");--> statement-breakpoint
CREATE UNIQUE INDEX "cert_signing_keys_one_active" ON "cert_signing_keys" USING btree ("status") WHERE "cert_signing_keys"."status" = 'active';--> statement-breakpoint
CREATE INDEX "certificates_employee_idx" ON "certificates" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "certificates_level_idx" ON "certificates" USING btree ("level_id");--> statement-breakpoint
CREATE INDEX "certificates_valid_until_idx" ON "certificates" USING btree ("valid_until");