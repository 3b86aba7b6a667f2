import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="page narrow">
      <h1>404</h1>
      <p>There is no page here. · 페이지가 없습니다.</p>
      <p>
        <Link href="/customer">Dinner</Link>
      </p>
    </main>
  );
}
