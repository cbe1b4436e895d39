import QRCode from 'qrcode';
import { useMemo } from 'react';

/** A QR code as SVG squares (error correction M), drawn from the module matrix — no HTML injection. */
export function QrCode({ value, size = 128, testId }: { value: string; size?: number; testId?: string }) {
  const { n, cells } = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    const out: [number, number][] = [];
    for (let y = 0; y < count; y++) for (let x = 0; x < count; x++) if (qr.modules.get(y, x)) out.push([x, y]);
    return { n: count, cells: out };
  }, [value]);
  const quiet = 2;
  return (
    <svg
      width={size}
      height={size}
      viewBox={`${-quiet} ${-quiet} ${n + 2 * quiet} ${n + 2 * quiet}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label={value}
      data-testid={testId}
      data-value={value}
    >
      <rect x={-quiet} y={-quiet} width={n + 2 * quiet} height={n + 2 * quiet} fill="#fff" />
      {cells.map(([x, y]) => (
        <rect key={`${x},${y}`} x={x} y={y} width={1} height={1} fill="#000" />
      ))}
    </svg>
  );
}
